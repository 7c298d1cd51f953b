package vn.ioc.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed acknowledgement links: {@code <public-url>/ack?t=<token>}, where the token is {@code
 * base64url(claim) "." base64url(HMAC-SHA256(ack secret, claim))} and the claim is the JSON array
 * {@code [alertId, unit, recipient, expiry epoch seconds, since epoch ms]} (base64url without
 * padding). Whoever holds the link may acknowledge that alert's firing episode that started at
 * {@code since} (the notice's {@code since}), as that recipient, until the expiry: the link is the
 * credential, as in any e-mailed confirmation link, and it never acknowledges a later firing of the
 * same alert. The claim is signed, not encrypted: it names the alert and a person id, never a
 * contact. A genuine token of the earlier form without {@code since} is refused as {@link
 * Refusal#OUTDATED}: it could acknowledge a later firing than the one it was sent for.
 *
 * <p>The expiry is derived from the outbox record (when it was written, or its engine time if
 * later), not from the delivery's clock, so a digest delivered again (a retry, a redelivery after a
 * crash) carries byte-identical links and bodies.
 */
public final class AckLinks {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final int MAX_TOKEN = 8192;

  /**
   * What a token says: who may acknowledge which alert's firing episode (the one that started at
   * {@code since}, epoch ms), until when.
   */
  public record Claim(
      String alertId, String unit, String recipient, long since, long expiresEpochSecond) {}

  /** Why a token is refused. */
  public enum Refusal {
    MALFORMED,
    BAD_SIGNATURE,
    EXPIRED,
    /** Genuine, but of the form that named no firing episode. */
    OUTDATED
  }

  /** A token that cannot be used. Carries no stack trace: refusals are expected. */
  public static final class RefusedToken extends Exception {
    private final Refusal refusal;

    RefusedToken(Refusal refusal) {
      super(refusal.name(), null, false, false);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  private final SecretKeySpec key;
  private final String publicUrl;

  /**
   * @param publicUrl where browsers reach the ack server, without a trailing slash
   */
  public AckLinks(byte[] secret, String publicUrl) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.publicUrl =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  public String link(Claim c) {
    return publicUrl + "/ack?t=" + token(c);
  }

  public String token(Claim c) {
    ArrayNode a = JSON.createArrayNode();
    a.add(c.alertId()).add(c.unit()).add(c.recipient()).add(c.expiresEpochSecond()).add(c.since());
    byte[] claim;
    try {
      claim = JSON.writeValueAsBytes(a);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return B64.encodeToString(claim) + "." + B64.encodeToString(mac(claim));
  }

  /** The claim of a genuine token that has not expired at {@code nowEpochSecond}. */
  public Claim verify(String token, long nowEpochSecond) throws RefusedToken {
    if (token == null || token.length() > MAX_TOKEN) throw new RefusedToken(Refusal.MALFORMED);
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) throw new RefusedToken(Refusal.MALFORMED);
    byte[] claim;
    byte[] signature;
    try {
      claim = B64D.decode(token.substring(0, dot));
      signature = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw new RefusedToken(Refusal.MALFORMED);
    }
    // constant time: the comparison must not tell a forger how many bytes were right
    if (!MessageDigest.isEqual(mac(claim), signature))
      throw new RefusedToken(Refusal.BAD_SIGNATURE);
    JsonNode a;
    try {
      a = JSON.readTree(claim);
    } catch (IOException e) {
      throw new RefusedToken(Refusal.MALFORMED);
    }
    if (a == null
        || !a.isArray()
        || a.size() < 4
        || a.size() > 5
        || !a.get(3).canConvertToLong()
        || (a.size() == 5 && !a.get(4).canConvertToLong()))
      throw new RefusedToken(Refusal.MALFORMED);
    if (nowEpochSecond >= a.get(3).asLong()) throw new RefusedToken(Refusal.EXPIRED);
    if (a.size() == 4) throw new RefusedToken(Refusal.OUTDATED);
    return new Claim(
        a.get(0).asText(),
        a.get(1).asText(),
        a.get(2).asText(),
        a.get(4).asLong(),
        a.get(3).asLong());
  }

  private byte[] mac(byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256"); // not thread-safe: one per call
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
