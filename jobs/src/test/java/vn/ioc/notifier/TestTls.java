package vn.ioc.notifier;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Certificates for the tests' mail relays, made once per JVM when first used (with the JDK's {@code
 * keytool}; nothing private is kept in the repository), in a fresh folder under {@code
 * java.io.tmpdir}:
 *
 * <ul>
 *   <li>{@code relay.p12}: a self-signed key for {@code localhost} and {@code 127.0.0.1}, the one
 *       GreenMail serves (its {@code greenmail.tls.keystore.*} system properties are set here,
 *       before any GreenMail starts: GreenMail reads them once per JVM);
 *   <li>{@code impostor.p12}: a self-signed key for {@code mail.other.example} only;
 *   <li>{@code trust.p12}: a trust store with both certificates, as an operator would give in
 *       {@code notifier.smtp-trust-store}.
 * </ul>
 */
public final class TestTls {
  private static final String PASSWORD = "test-" + UUID.randomUUID();
  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("ioc-test-tls");
      Process relay = keytool("relay", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
      Process impostor = keytool("impostor", "CN=mail.other.example", "SAN=dns:mail.other.example");
      await(relay, "relay");
      await(impostor, "impostor");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("relay", certificate("relay"));
      trust.setCertificateEntry("impostor", certificate("impostor"));
      try (OutputStream out = Files.newOutputStream(DIR.resolve("trust.p12"))) {
        trust.store(out, PASSWORD.toCharArray());
      }
      System.setProperty("greenmail.tls.keystore.file", DIR.resolve("relay.p12").toString());
      System.setProperty("greenmail.tls.keystore.password", PASSWORD);
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private TestTls() {}

  /** The trust store holding the relay's and the impostor's certificates. */
  public static Path trustStore() {
    return DIR.resolve("trust.p12");
  }

  public static String trustStorePassword() {
    return PASSWORD;
  }

  /**
   * Makes GreenMail serve the {@code relay} key: call before the JVM's first SMTPS GreenMail starts
   * (calling it runs this class's initializer, which sets GreenMail's system properties).
   */
  public static void configureGreenMail() {
    if (!DIR.resolve("relay.p12").toFile().isFile()) throw new IllegalStateException("no key");
  }

  /** A server-side TLS context serving the key {@code relay} or {@code impostor}. */
  static SSLContext server(String name) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore(name), PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private static KeyStore keyStore(String name) throws Exception {
    return KeyStore.getInstance(DIR.resolve(name + ".p12").toFile(), PASSWORD.toCharArray());
  }

  private static Certificate certificate(String name) throws Exception {
    return keyStore(name).getCertificate(name);
  }

  private static Process keytool(String name, String dname, String san) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    return new ProcessBuilder(
            List.of(
                keytool.toString(),
                // a short-lived JVM: quicker without the optimizing compiler
                "-J-XX:TieredStopAtLevel=1",
                "-J-XX:+UseSerialGC",
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                dname,
                "-ext",
                san,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                DIR.resolve(name + ".p12").toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD))
        .redirectErrorStream(true)
        .redirectOutput(DIR.resolve(name + ".log").toFile())
        .start();
  }

  private static void await(Process p, String name) throws Exception {
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("keytool for " + name + " did not finish");
    }
    if (p.exitValue() != 0)
      throw new IllegalStateException(
          "keytool for "
              + name
              + " failed: "
              + Files.readString(DIR.resolve(name + ".log"), StandardCharsets.UTF_8));
  }
}
