package vn.ioc.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AckLinksTest {
  /** The episode that started firing at 07:30 on 16/10/2024 (Asia/Ho_Chi_Minh). */
  static final long SINCE = 1729038600000L;

  static final AckLinks.Claim CLAIM =
      new AckLinks.Claim(
          "online-rate-today|unit=000.00.12.H40",
          "000.00.12.H40",
          "ioc.truc-ban",
          SINCE,
          1729645200L);

  @Test
  void aTokenIsTheClaimAndItsHmacInBase64url() throws Exception {
    String token = Fixtures.links().token(CLAIM);
    String[] parts = token.split("\\.", -1);
    assertEquals(2, parts.length);
    byte[] claim = Base64.getUrlDecoder().decode(parts[0]);
    assertEquals(
        "[\"online-rate-today|unit=000.00.12.H40\",\"000.00.12.H40\",\"ioc.truc-ban\",1729645200,"
            + "1729038600000]",
        new String(claim, StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Fixtures.ACK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    assertEquals(
        Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(claim)), parts[1]);
    assertEquals("https://ioc.example.vn/ack?t=" + token, Fixtures.links().link(CLAIM));
  }

  @Test
  void aGenuineTokenVerifiesUntilItsExpiry() throws Exception {
    String token = Fixtures.links().token(CLAIM);
    assertEquals(CLAIM, Fixtures.links().verify(token, 1729645199L));
    assertEquals(
        AckLinks.Refusal.EXPIRED,
        assertThrows(AckLinks.RefusedToken.class, () -> Fixtures.links().verify(token, 1729645200L))
            .refusal());
  }

  @Test
  void aTamperedOrForeignTokenIsRefused() {
    String token = Fixtures.links().token(CLAIM);
    String signature = token.substring(token.indexOf('.'));
    // the claim of someone else (or a later expiry) under the genuine signature
    String otherClaim =
        Fixtures.links()
            .token(
                new AckLinks.Claim(
                    CLAIM.alertId(), CLAIM.unit(), "ubnd.chu-tich", SINCE, 1729645200L));
    String swapped = otherClaim.substring(0, otherClaim.indexOf('.')) + signature;
    // another episode of the same alert under the genuine signature
    String earlier =
        Fixtures.links()
            .token(
                new AckLinks.Claim(
                    CLAIM.alertId(),
                    CLAIM.unit(),
                    CLAIM.recipient(),
                    SINCE - 3_600_000,
                    1729645200L));
    String later =
        Fixtures.links()
            .token(
                new AckLinks.Claim(
                    CLAIM.alertId(), CLAIM.unit(), CLAIM.recipient(), SINCE, 1900000000L));
    AckLinks foreign =
        new AckLinks(
            "another-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8),
            Fixtures.PUBLIC_URL);
    for (String bad :
        new String[] {
          swapped,
          earlier.substring(0, earlier.indexOf('.')) + signature,
          later.substring(0, later.indexOf('.')) + signature,
          flipFirstSignatureCharacter(token),
          foreign.token(CLAIM)
        }) {
      assertEquals(
          AckLinks.Refusal.BAD_SIGNATURE,
          assertThrows(AckLinks.RefusedToken.class, () -> Fixtures.links().verify(bad, 0))
              .refusal(),
          bad);
    }
    for (String bad : new String[] {"", "abc", "a.b.c", "!!!.???", token.replace(".", "")}) {
      assertEquals(
          AckLinks.Refusal.MALFORMED,
          assertThrows(AckLinks.RefusedToken.class, () -> Fixtures.links().verify(bad, 0))
              .refusal(),
          bad);
    }
  }

  /**
   * A genuine token of the form before links named their episode: it could acknowledge a later
   * firing than the one it was sent for, so it is refused as outdated (once expired, as expired).
   */
  @Test
  void aGenuineTokenWithoutItsEpisodeIsRefusedAsOutdated() throws Exception {
    byte[] claim =
        "[\"online-rate-today|unit=000.00.12.H40\",\"000.00.12.H40\",\"ioc.truc-ban\",1729645200]"
            .getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Fixtures.ACK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String old = b64.encodeToString(claim) + "." + b64.encodeToString(mac.doFinal(claim));
    assertEquals(
        AckLinks.Refusal.OUTDATED,
        assertThrows(AckLinks.RefusedToken.class, () -> Fixtures.links().verify(old, 1729645199L))
            .refusal());
    assertEquals(
        AckLinks.Refusal.EXPIRED,
        assertThrows(AckLinks.RefusedToken.class, () -> Fixtures.links().verify(old, 1729645200L))
            .refusal());
  }

  private static String flipFirstSignatureCharacter(String token) {
    int i = token.indexOf('.') + 1;
    char c = token.charAt(i) == 'A' ? 'B' : 'A';
    return token.substring(0, i) + c + token.substring(i + 1);
  }
}
