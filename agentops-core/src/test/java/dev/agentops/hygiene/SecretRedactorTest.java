package dev.agentops.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fake credentials are assembled by concatenation so that this file does not itself look like it
 * leaks keys to a secret scanner.
 */
class SecretRedactorTest {

  static final SecretRedactor DEFAULTS = SecretRedactor.defaults();

  static final String BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /**
   * Redacts {@code before + secret + after} with the defaults and checks that exactly the secret
   * was replaced, under {@code kind}, with offsets into the original text.
   */
  static Redaction assertRedactsOnly(String before, String secret, String after, String kind) {
    String text = before + secret + after;
    Redaction r = DEFAULTS.redact(text);
    assertThat(r.text()).isEqualTo(before + "[REDACTED:" + kind + "]" + after);
    assertThat(r.findings())
        .containsExactly(
            new Redaction.Finding(kind, before.length(), before.length() + secret.length()));
    assertThat(r.redacted()).isTrue();
    Redaction.Finding f = r.findings().get(0);
    assertThat(text.substring(f.start(), f.end())).isEqualTo(secret);
    return r;
  }

  static void assertLeftAlone(SecretRedactor redactor, String text) {
    Redaction r = redactor.redact(text);
    assertThat(r.findings()).as("findings in %s", text).isEmpty();
    assertThat(r.text()).isEqualTo(text);
    assertThat(r.redacted()).isFalse();
  }

  static String base62(Random random, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(BASE62.charAt(random.nextInt(BASE62.length())));
    }
    return b.toString();
  }

  @Nested
  class KnownCredentials {

    @Test
    void redact_replacesAnAwsAccessKey() {
      assertRedactsOnly(
          "export AWS_ACCESS_KEY_ID=",
          "AKIA" + "IOSFODNN7EXAMPLE",
          "\nnext line",
          "aws-access-key");
    }

    @Test
    void redact_replacesATemporaryAwsAccessKey() {
      assertRedactsOnly("key id ", "ASIA" + "Q3EXAMPLE7ZT4LMN", " expires soon", "aws-access-key");
    }

    @Test
    void redact_replacesAnAwsSecretKeyButKeepsItsName() {
      String secret = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY";
      assertRedactsOnly("AWS_SECRET_ACCESS_KEY=", secret, "\n", "aws-secret-key");
      assertRedactsOnly(
          "[default]\naws_secret_access_key = ", secret, "\nregion = eu-west-1", "aws-secret-key");
    }

    @Test
    void redact_replacesAGithubPersonalAccessToken() {
      assertRedactsOnly(
          "git clone https://",
          "ghp_" + "R8x2Kq7LmN4pVt9Wz3Yb6Hc1Jd5Fg0Ss2Ae4",
          "@github.com/agentops/agentops-java.git",
          "github-token");
    }

    @Test
    void redact_replacesAGithubOauthToken() {
      assertRedactsOnly(
          "token: ", "gho_" + "16C7e42F292c6912E7710c838347Ae178B4a", "", "github-token");
    }

    @Test
    void redact_replacesAFineGrainedGithubToken() {
      String token =
          "github_pat_"
              + "11A7QWERT0kLmNoPqRsTuV"
              + "_"
              + "x9Yz8Wv7Ut6Sr5Qp4On3Ml2Kj1Ih0Gf9Ed8Cb7Aa6Zz5Yy4Xx3Ww2Vv1Uu0";
      assertRedactsOnly("GH_TOKEN=", token, " gh pr list", "github-token");
    }

    @Test
    void redact_replacesALegacyOpenAiKey() {
      assertRedactsOnly(
          "OPENAI_API_KEY=",
          "sk-" + "abc123XYZ456def789GH" + "T3BlbkFJ" + "jkl012MNO345pqr678ST",
          " python run.py",
          "openai-key");
    }

    @Test
    void redact_replacesAnOpenAiProjectKey() {
      assertRedactsOnly(
          "client = OpenAI(api_key=\"",
          "sk-" + "proj-" + "Xy7_Kq2-mN9pL4vT8wZ3bC6dF1gH5jR0sE2uA4iO7yU9",
          "\")",
          "openai-key");
    }

    @Test
    void redact_replacesAnAnthropicKeyAsAnthropicNotOpenAi() {
      assertRedactsOnly(
          "x-api-key: ",
          "sk-" + "ant-api03-" + "R8x2Kq7LmN4pVt9Wz3Yb6Hc1Jd5Fg0Ss2Ae4_Qw-ErTy" + "AA",
          "\r\ncontent-type: application/json",
          "anthropic-key");
    }

    @Test
    void redact_replacesAGoogleApiKey() {
      assertRedactsOnly(
          "https://maps.googleapis.com/maps/api/geocode/json?key=",
          "AIza" + "SyB1c2D3e4F5g6H7i8J9k0L1m2N3o4P5q6R",
          "&address=Zurich",
          "google-api-key");
    }

    @Test
    void redact_replacesASlackBotToken() {
      assertRedactsOnly(
          "SLACK_BOT_TOKEN=",
          "xoxb-" + "2345678901-3456789012345-" + "aBcDeFgHiJkLmNoPqRsTuVwX",
          " ./notify.sh",
          "slack-token");
    }

    @Test
    void redact_replacesASlackUserToken() {
      assertRedactsOnly(
          "using ",
          "xoxp-" + "2345678901-3456789012345-4567890123456-" + "0a1b2c3d4e5f",
          ".",
          "slack-token");
    }

    @Test
    void redact_replacesASlackAppLevelToken() {
      assertRedactsOnly(
          "SLACK_APP_TOKEN=",
          "xapp-" + "1-A0123456789-1234567890123-" + "0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d",
          "",
          "slack-token");
    }

    @Test
    void redact_replacesASlackRefreshToken() {
      assertRedactsOnly(
          "refresh with ",
          "xoxe-" + "1-My0xLTIzNDU2Nzg5MDEyMy0xMjM0NTY3ODkw",
          " before noon",
          "slack-token");
    }

    @Test
    void redact_replacesAStripeSecretKey() {
      assertRedactsOnly(
          "Stripe.apiKey = \"", "sk_" + "live_" + "51H8xYzAbCdEfGhIjKlMnOpQ", "\";", "stripe-key");
    }

    @Test
    void redact_replacesAStripeRestrictedTestKey() {
      assertRedactsOnly(
          "curl -u ",
          "rk_" + "test_" + "4eC39HqLyjWDarjtT1zdp7dc",
          ": https://api.stripe.com",
          "stripe-key");
    }

    @Test
    void redact_replacesAJsonWebToken() {
      String jwt =
          "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
              + "."
              + "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
              + "."
              + "SflKxwRJSFMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
      assertRedactsOnly("session cookie: id=", jwt, "; Path=/; HttpOnly", "jwt");
    }

    @Test
    void redact_replacesABearerTokenButKeepsTheHeader() {
      assertRedactsOnly(
          "GET /v1/models HTTP/1.1\nAuthorization: Bearer ",
          "ya29." + "a0AfB_byC3x7Kq2mN9pL4vT8wZ",
          "\nAccept: */*",
          "bearer-token");
    }

    @Test
    void redact_replacesTheAccountKeyOfAnAzureConnectionString() {
      assertRedactsOnly(
          "DefaultEndpointsProtocol=https;AccountName=agentopsdemo;AccountKey=",
          "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/"
              + "K1SZFPTOtr/KBHBeksoGMGw==",
          ";EndpointSuffix=core.windows.net",
          "connection-string-key");
    }

    @Test
    void redact_replacesThePasswordOfAUrlButKeepsUserAndHost() {
      assertRedactsOnly(
          "DATABASE_URL=postgres://app:",
          "S3cret" + "Passw0rd",
          "@db.example.com:5432/app",
          "url-password");
    }
  }

  @Nested
  class Assignments {

    @Test
    void redact_replacesOnlyTheValueOfAPasswordAssignment() {
      assertRedactsOnly("password=", "Tr0ub4dor" + "&3xyz", " user=alice", "credential");
    }

    @Test
    void redact_replacesOnlyTheValueOfAYamlApiKey() {
      assertRedactsOnly(
          "service:\n  api_key: ", "c0ffee" + "-cafe-4bad", "\n  url: x", "credential");
    }

    @Test
    void redact_keepsTheQuotesAndNameOfAJsonField() {
      assertRedactsOnly(
          "{\"user\": \"alice\", \"api-key\": \"", "k3y-" + "with-dashes", "\"}", "credential");
    }

    @Test
    void redact_replacesAQuotedPassphraseWithSpacesWhole() {
      assertRedactsOnly("password: \"", "correct horse " + "battery staple", "\"\n", "credential");
      assertRedactsOnly("secret='", "open " + "sesame please", "'", "credential");
    }

    @Test
    void redact_replacesTheValueOfAnEnvironmentVariableEndingInPassword() {
      assertRedactsOnly("DB_PASSWORD=", "hunter2" + "hunter2", "\nDB_USER=app", "credential");
      assertRedactsOnly("MYSQL_ROOT_PASSWORD: ", "r00t-" + "pass-1", "\n", "credential");
    }

    @Test
    void redact_replacesTheValueOfACamelCaseCredentialName() {
      assertRedactsOnly("{\"clientSecret\": \"", "Zq8" + "Lm2Np5Rt", "\"}", "credential");
      assertRedactsOnly("dbPassword: ", "tiger" + "-lily-9", "\n", "credential");
    }

    @Test
    void redact_replacesAnNpmAuthToken() {
      assertRedactsOnly(
          "//registry.npmjs.org/:_authToken=",
          "npm" + "_" + "abcdefgh12345678",
          "\n",
          "credential");
    }

    @Test
    void redact_replacesTheValueOfAnOdbcPwdButKeepsTheOtherFields() {
      assertRedactsOnly("Server=db;Uid=app;Pwd=", "S3cr3t" + "P@ss", ";Encrypt=yes", "credential");
    }

    @Test
    void redact_replacesAPasswordQueryParameterOfAJdbcUrl() {
      assertRedactsOnly(
          "jdbc:postgresql://db:5432/app?ssl=true&user=app&password=",
          "s3cret" + "-value",
          " (pool size 10)",
          "credential");
    }

    @Test
    void redact_replacesAUrlPasswordWithoutAUserName() {
      assertRedactsOnly("REDIS_URL=redis://:", "s3cret" + "pass", "@cache:6379/0", "url-password");
    }

    @Test
    void redact_leavesShortPlaceholderValuesAlone() {
      assertLeftAlone(DEFAULTS, "password: null\napi_key=*** \nsecret: true");
    }

    @Test
    void redact_leavesTheShellsWorkingDirectoryVariableAlone() {
      assertLeftAlone(DEFAULTS, "HOME=/opt/agentops\nPWD=/opt/agentops/wt/redactor\nSHLVL=1");
    }

    @Test
    void redact_leavesNamesThatOnlyContainACredentialWordAlone() {
      assertLeftAlone(
          DEFAULTS,
          "passwordPolicy: strict-length-12\n"
              + "secretary=Jane-Doe-Smith\n"
              + "PASSWORD_MIN_LENGTH=12345678");
    }
  }

  @Nested
  class PrivateKeys {

    @Test
    void redact_replacesAMultiLineRsaPrivateKeyBlockWhole() {
      String pem =
          "-----BEGIN RSA "
              + "PRIVATE KEY-----\n"
              + "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
              + "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n"
              + "LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo\n"
              + "-----END RSA "
              + "PRIVATE KEY-----";
      Redaction r = assertRedactsOnly("deploy key:\n", pem, "\nend of file\n", "private-key");
      assertThat(r.text()).doesNotContain("MIIE", "PRIVATE");
    }

    @Test
    void redact_replacesAnOpensshPrivateKeyBlock() {
      String pem =
          "-----BEGIN OPENSSH "
              + "PRIVATE KEY-----\r\n"
              + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\r\n"
              + "QyNTUxOQAAACDx2gJ3Ml1gmvT9yHqPk0KxL8f3k2tq9Yc6v5Jq4bR1tQAAAJgWm2fKFptn\r\n"
              + "-----END OPENSSH "
              + "PRIVATE KEY-----";
      assertRedactsOnly("$ cat ~/.ssh/id_ed25519\r\n", pem, "\r\n$ ", "private-key");
    }

    @Test
    void redact_replacesAnEncryptedPkcs8PrivateKeyBlock() {
      String pem =
          "-----BEGIN ENCRYPTED "
              + "PRIVATE KEY-----\n"
              + "MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQIXq8ZqP5Gm0cCAggA\n"
              + "-----END ENCRYPTED "
              + "PRIVATE KEY-----";
      assertRedactsOnly("", pem, "", "private-key");
    }

    @Test
    void redact_replacesTwoKeyBlocksSeparatelyAndKeepsTheTextBetween() {
      String first =
          "-----BEGIN EC " + "PRIVATE KEY-----\nMHcCAQEEIBk\n-----END EC " + "PRIVATE KEY-----";
      String second =
          "-----BEGIN " + "PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END " + "PRIVATE KEY-----";
      Redaction r = DEFAULTS.redact(first + "\nbetween\n" + second);
      assertThat(r.text()).isEqualTo("[REDACTED:private-key]\nbetween\n[REDACTED:private-key]");
      assertThat(r.findings()).hasSize(2);
    }
  }

  @Nested
  class FalsePositives {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "dcda4ea0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6",
          "commit 9fceb02d0ae598e95dc970b74767f19372d61af8\nAuthor: Alice <alice@example.com>",
          "Merge 4b825dc642cb6eb9a060e54bf8d69288fbee4904 into"
              + " 0123456789abcdef0123456789abcdef01234567",
          "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        })
    void redact_leavesGitObjectIdsAndHexDigestsAlone(String text) {
      assertLeftAlone(DEFAULTS, text);
    }

    @Test
    void redact_leavesSeededRandomCommitIdsAlone() {
      long seed = 20240611L;
      Random random = new Random(seed);
      for (int i = 0; i < 200; i++) {
        StringBuilder id = new StringBuilder();
        for (int j = 0; j < 40; j++) {
          id.append(Character.forDigit(random.nextInt(16), 16));
        }
        String text = "commit " + id;
        assertThat(DEFAULTS.redact(text).findings())
            .as("commit id %s (seed %d, #%d)", id, seed, i)
            .isEmpty();
      }
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "550e8400-e29b-41d4-a716-446655440000",
          "550E8400-E29B-41D4-A716-446655440000",
          "session 123e4567-e89b-12d3-a456-426614174000 started",
        })
    void redact_leavesUuidsAlone(String text) {
      assertLeftAlone(DEFAULTS, text);
    }

    @Test
    void redact_leavesSeededRandomUuidsAlone() {
      long seed = 7L;
      Random random = new Random(seed);
      for (int i = 0; i < 200; i++) {
        String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
        assertThat(DEFAULTS.redact(uuid).findings())
            .as("uuid %s (seed %d, #%d)", uuid, seed, i)
            .isEmpty();
        assertThat(DEFAULTS.redact(uuid.toUpperCase(Locale.ROOT)).findings())
            .as("upper-case uuid %s (seed %d, #%d)", uuid, seed, i)
            .isEmpty();
      }
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "The agent read the failing test, found that the budget was exceeded by two hundred"
              + " tokens, and proposed a smaller context window. Internationalization and"
              + " telecommunications are long words; so is incomprehensibilities.",
          "Never paste a password or an API key into a chat; rotate the secret instead and"
              + " tell the security team what happened.",
          "It was the best of times, it was the worst of times, it was the age of wisdom.",
        })
    void redact_leavesOrdinaryProseAlone(String text) {
      assertLeftAlone(DEFAULTS, text);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "AbstractSingletonProxyFactoryBean",
          "AnnotationConfigServletWebServerApplicationContext",
          "Jackson2ObjectMapperBuilder",
          "Http2ServerUpgradeCodec",
          "OAuth2AuthorizationCodeGrantFilter",
          "Log4j2LoggerContextFactory",
          "Sha256MessageDigestFactory",
          "X509TrustManagerFactorySpi",
          "R2dbcTransactionManager",
          "Argon2PasswordEncoder",
          "getX509CertificateChain",
          "redact_replacesAnAwsAccessKey",
          "MAX_CONCURRENT_STREAMS_PER_CONNECTION",
        })
    void redact_leavesJavaIdentifiersAlone(String identifier) {
      assertLeftAlone(DEFAULTS, identifier);
      assertLeftAlone(DEFAULTS, "new " + identifier + "() threw at line 42");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          ".agents/council/20260215T182800Z-vibe-recent.md",
          "report-20261124T071247Z-Council.json",
          "vd-20261124-071247-Build2Fail",
        })
    void redact_leavesTimestampedFileNamesAlone(String name) {
      // dates and times are digits in a fixed shape, not randomness
      assertLeftAlone(DEFAULTS, name);
    }

    @Test
    void redact_stillCatchesARandomKeyThatStartsWithADate() {
      String key = "20260215" + "Xk9QmZ2Lp7Rt4Vw8Zy3Nb6Hd1FgQ5J";
      assertThat(DEFAULTS.redactToString("token=" + key)).doesNotContain(key);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "org.springframework.beans.factory.support.DefaultListableBeanFactory",
          "org.springframework.http.converter.json.Jackson2ObjectMapperBuilder",
          "io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder",
          "at org.junit.jupiter.engine.execution.InvocationInterceptorChain$ValidatingInvocation"
              + ".proceed(InvocationInterceptorChain.java:131)",
          "import static org.assertj.core.api.Assertions.assertThatThrownBy;",
        })
    void redact_leavesFullyQualifiedClassNamesAlone(String text) {
      assertLeftAlone(DEFAULTS, text);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "src/main/java/dev/agentops/llm/http/OpenAiCompatibleModel.java",
          "agentops-core/src/test/java/dev/agentops/hygiene/SecretRedactorTest.java",
          "target/surefire-reports/TEST-dev.agentops.hygiene.SecretRedactorTest.xml",
          "src\\main\\java\\dev\\agentops\\hygiene\\SecretRedactor.java",
          "~/.m2/repository/com/fasterxml/jackson/core/jackson-databind/2.17.1/"
              + "jackson-databind-2.17.1.jar",
        })
    void redact_leavesFilePathsAlone(String path) {
      assertLeftAlone(DEFAULTS, path);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "claude-3-5-haiku-20241022",
          "claude-sonnet-4-20250514",
          "gpt-4o-2024-08-06",
          "gpt-4o-mini-2024-07-18",
          "mistralai/Mixtral-8x7B-Instruct-v0.1",
          "Qwen/Qwen2.5-Coder-32B-Instruct",
          "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B",
          "meta-llama/Meta-Llama-3.1-8B-Instruct",
        })
    void redact_leavesModelIdsAlone(String model) {
      assertLeftAlone(DEFAULTS, model);
      assertLeftAlone(DEFAULTS, "{\"model\": \"" + model + "\", \"max_tokens\": 1024}");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "1.0.0",
          "0.1.0-SNAPSHOT",
          "2.17.1",
          "1.0.0-alpha+001",
          "1.0.0-rc.1+build.20240101123456",
          "v3.2.0-beta.11+exp.sha.5114f85",
        })
    void redact_leavesSemanticVersionsAlone(String version) {
      assertLeftAlone(DEFAULTS, version);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "https://github.com/agentops/agentops-java/blob/main/README.md",
          "https://repo.maven.apache.org/maven2/org/junit/jupiter/junit-jupiter-api/5.10.2/"
              + "junit-jupiter-api-5.10.2.jar",
          "https://api.openai.com/v1/chat/completions",
          "https://api.anthropic.com/v1/messages?beta=true",
          "http://localhost:8080/actuator/health",
          "https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/util/regex/"
              + "Pattern.html#special",
          "git@github.com:agentops/agentops-java.git",
          "ssh://git@github.com:22/agentops/agentops-java.git",
        })
    void redact_leavesUrlsWithoutCredentialsAlone(String url) {
      assertLeftAlone(DEFAULTS, url);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "com.fasterxml.jackson.core:jackson-databind:2.17.1",
          "org.junit.jupiter:junit-jupiter-params:5.10.2:test",
          "io.github.resilience4j:resilience4j-circuitbreaker:2.2.0",
          "org.apache.maven.plugins:maven-surefire-plugin:3.2.5",
          "<artifactId>jackson-datatype-jsr310</artifactId>",
        })
    void redact_leavesMavenCoordinatesAlone(String coordinates) {
      assertLeftAlone(DEFAULTS, coordinates);
    }
  }

  @Nested
  class EntropyDetector {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233})
    void redact_replacesARandom32CharBase62Token(long seed) {
      String token = base62(new Random(seed), 32);
      String text = "session " + token + " expires in 3600s";
      Redaction r = DEFAULTS.redact(text);
      assertThat(r.text())
          .as("token %s from seed %d", token, seed)
          .isEqualTo("session [REDACTED:high-entropy] expires in 3600s");
      assertThat(r.findings())
          .as("token %s from seed %d", token, seed)
          .containsExactly(new Redaction.Finding("high-entropy", 8, 8 + 32));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233})
    void withoutEntropyDetector_leavesTheSameTokensAlone(long seed) {
      String token = base62(new Random(seed), 32);
      SecretRedactor patternsOnly = SecretRedactor.builder().withoutEntropyDetector().build();
      assertThat(patternsOnly.redact("session " + token).findings())
          .as("token %s from seed %d", token, seed)
          .isEmpty();
    }

    @Test
    void withoutEntropyDetector_stillAppliesThePatternRules() {
      SecretRedactor patternsOnly = SecretRedactor.builder().withoutEntropyDetector().build();
      assertThat(patternsOnly.redactToString("id " + "AKIA" + "IOSFODNN7EXAMPLE"))
          .isEqualTo("id [REDACTED:aws-access-key]");
    }

    @Test
    void redact_keepsTheNameOfAnUnknownVariableHoldingARandomToken() {
      String token = base62(new Random(42), 32);
      Redaction r = DEFAULTS.redact("export SESSION_ID=" + token);
      assertThat(r.text())
          .as("token %s from seed 42", token)
          .isEqualTo("export SESSION_ID=[REDACTED:high-entropy]");
      assertThat(r.findings()).containsExactly(new Redaction.Finding("high-entropy", 18, 50));
    }

    @Test
    void redact_replacesARandomTokenBehindALongVariableName() {
      String token = base62(new Random(4242), 24);
      assertThat(DEFAULTS.redactToString("MY_VERY_LONG_CONFIGURATION_VARIABLE_NAME=" + token))
          .as("token %s from seed 4242", token)
          .isEqualTo("MY_VERY_LONG_CONFIGURATION_VARIABLE_NAME=[REDACTED:high-entropy]");
    }

    @Test
    void redact_includesBase64PaddingInTheReplacedToken() {
      assertThat(DEFAULTS.redactToString("Authorization: Basic " + "dXNlcjpwYXNz" + "d29yZA==."))
          .isEqualTo("Authorization: Basic [REDACTED:high-entropy].");
    }

    @Test
    void redact_leavesTokensWithoutDigitsOrWithoutMixedCaseAlone() {
      assertLeftAlone(DEFAULTS, "QwErTyUiOpAsDfGhJkLzXcVbNm");
      assertLeftAlone(DEFAULTS, "q8w7e6r5t4y3u2i1o0p9a8s7d6");
      assertLeftAlone(DEFAULTS, "Q8W7E6R5T4Y3U2I1O0P9A8S7D6");
    }

    @Test
    void redact_leavesMixedCaseHexadecimalAlone() {
      assertLeftAlone(DEFAULTS, "digest 3fA9c0De71bB5e2F8a4C6d0E end");
      assertLeftAlone(DEFAULTS, "9FCeb02D0ae598E95dc970B74767f19372D61aF8");
    }

    @Test
    void redact_leavesTokensShorterThan20CharactersAlone() {
      assertLeftAlone(DEFAULTS, "code " + base62(new Random(3), 19) + " end");
    }

    @Test
    void entropyThreshold_ofOneFlagsOnlyTokensWithoutRepeatedCharacters() {
      SecretRedactor strict = SecretRedactor.builder().entropyThreshold(1.0).build();
      String distinct = "aB3dE5gH7jK9mN1pQ2sT4vW6";
      String repeating = "aB3dE5gH7jK9mN1pQ2sT4vW6aB3d";
      assertThat(strict.redactToString(distinct)).isEqualTo("[REDACTED:high-entropy]");
      assertLeftAlone(strict, repeating);
      assertThat(DEFAULTS.redactToString(repeating)).isEqualTo("[REDACTED:high-entropy]");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.0, -0.5, 1.0000001, 2, Double.NaN, Double.POSITIVE_INFINITY})
    void entropyThreshold_rejectsValuesOutsideZeroExclusiveToOneInclusive(double fraction) {
      assertThatThrownBy(() -> SecretRedactor.builder().entropyThreshold(fraction))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(String.valueOf(fraction));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.5, 0.8, 1.0})
    void entropyThreshold_acceptsValuesInRange(double fraction) {
      assertThatNoException().isThrownBy(() -> SecretRedactor.builder().entropyThreshold(fraction));
    }
  }

  @Nested
  class CustomRules {

    @Test
    void rule_withACaptureGroupRedactsOnlyTheGroup() {
      SecretRedactor redactor =
          SecretRedactor.builder().rule("internal-token", "itk=(\\w{6,})").build();
      Redaction r = redactor.redact("call with itk=abc123def and retry");
      assertThat(r.text()).isEqualTo("call with itk=[REDACTED:internal-token] and retry");
      assertThat(r.findings()).containsExactly(new Redaction.Finding("internal-token", 14, 23));
    }

    @Test
    void rule_withoutACaptureGroupRedactsTheWholeMatch() {
      SecretRedactor redactor = SecretRedactor.builder().rule("ticket", "TICKET-\\d{4}").build();
      Redaction r = redactor.redact("see TICKET-1234, then TICKET-9876.");
      assertThat(r.text()).isEqualTo("see [REDACTED:ticket], then [REDACTED:ticket].");
      assertThat(r.findings())
          .containsExactly(
              new Redaction.Finding("ticket", 4, 15), new Redaction.Finding("ticket", 22, 33));
    }

    @Test
    void rule_keepsTheBuiltInRules() {
      SecretRedactor redactor = SecretRedactor.builder().rule("ticket", "TICKET-\\d{4}").build();
      assertThat(redactor.redactToString("TICKET-1234 " + "AKIA" + "IOSFODNN7EXAMPLE"))
          .isEqualTo("[REDACTED:ticket] [REDACTED:aws-access-key]");
    }

    @Test
    void rule_doesNotChangeTheDefaults() {
      SecretRedactor.builder().rule("ticket", "TICKET-\\d{4}").build();
      assertLeftAlone(SecretRedactor.defaults(), "TICKET-1234");
    }

    @Test
    void rule_rejectsABlankKind() {
      assertThatThrownBy(() -> SecretRedactor.builder().rule("  ", "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("kind");
    }

    @Test
    void rule_rejectsAnInvalidPattern() {
      assertThatThrownBy(() -> SecretRedactor.builder().rule("broken", "(unclosed"))
          .isInstanceOf(PatternSyntaxException.class);
    }
  }

  @Nested
  class Overlaps {

    @Test
    void redact_replacesASecretMatchedByTwoRulesOnce() {
      String key = "sk-" + "abc123XYZ456def789GH" + "T3BlbkFJ" + "jkl012MNO345pqr678ST";
      Redaction r = DEFAULTS.redact("api_key=" + key + "\n");
      assertThat(r.findings()).hasSize(1);
      assertThat(r.findings().get(0).kind()).isIn("openai-key", "credential");
      assertThat(r.text()).matches("api_key=\\[REDACTED:[a-z-]+\\]\n");
    }

    @Test
    void redact_replacesABearerJwtOnce() {
      String jwt =
          "eyJhbGciOiJSUzI1NiJ9" + "." + "eyJpc3MiOiJhZ2VudG9wcyJ9" + "." + "c2lnbmF0dXJlLXZhbHVl";
      Redaction r = DEFAULTS.redact("Authorization: Bearer " + jwt);
      assertThat(r.findings()).hasSize(1);
      assertThat(r.text()).startsWith("Authorization: Bearer [REDACTED:").doesNotContain("eyJ");
    }

    @Test
    void redact_dropsAMatchNestedInsideAnother() {
      SecretRedactor redactor =
          SecretRedactor.builder().rule("outer", "AAAA BBBB CCCC").rule("inner", "BBBB").build();
      Redaction r = redactor.redact("x AAAA BBBB CCCC y");
      assertThat(r.text()).isEqualTo("x [REDACTED:outer] y");
      assertThat(r.findings()).containsExactly(new Redaction.Finding("outer", 2, 16));
    }

    @Test
    void redact_widensTheReplacementOverPartlyOverlappingMatches() {
      SecretRedactor redactor =
          SecretRedactor.builder().rule("alpha", "AAAA BBBB").rule("beta", "BBBB CCCC").build();
      Redaction r = redactor.redact("x AAAA BBBB CCCC y");
      assertThat(r.text()).isEqualTo("x [REDACTED:alpha] y");
      assertThat(r.findings()).containsExactly(new Redaction.Finding("alpha", 2, 16));
    }

    @Test
    void redact_reportsFindingsInOrderWithOffsetsIntoTheOriginalText() {
      String slack = "xoxb-" + "2345678901-3456789012345-" + "aBcDeFgHiJkLmNoPqRsTuVwX";
      String aws = "AKIA" + "IOSFODNN7EXAMPLE";
      String pem =
          "-----BEGIN " + "PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END " + "PRIVATE KEY-----";
      String text = "slack " + slack + ", aws " + aws + ", key\n" + pem + "\nbye";
      Redaction r = DEFAULTS.redact(text);
      assertThat(r.text())
          .isEqualTo(
              "slack [REDACTED:slack-token], aws [REDACTED:aws-access-key], key\n"
                  + "[REDACTED:private-key]\nbye");
      assertThat(r.findings())
          .extracting(Redaction.Finding::kind)
          .containsExactly("slack-token", "aws-access-key", "private-key");
      List<String> found = new ArrayList<>();
      for (Redaction.Finding f : r.findings()) {
        found.add(text.substring(f.start(), f.end()));
      }
      assertThat(found).containsExactly(slack, aws, pem);
    }
  }

  @Nested
  class TextWithoutSecrets {

    @Test
    void redact_returnsTheTextUnchanged() {
      String text =
          "Build succeeded in 4.2 s.\nTests run: 12, Failures: 0, Errors: 0, Skipped: 1\n";
      Redaction r = DEFAULTS.redact(text);
      assertThat(r.text()).isEqualTo(text);
      assertThat(r.redacted()).isFalse();
      assertThat(r.findings()).isEmpty();
    }

    @Test
    void redact_acceptsTheEmptyText() {
      assertLeftAlone(DEFAULTS, "");
    }

    @Test
    void redactToString_returnsTheRedactedText() {
      assertThat(DEFAULTS.redactToString("plain text")).isEqualTo("plain text");
      assertThat(DEFAULTS.redactToString("k=" + "AKIA" + "IOSFODNN7EXAMPLE"))
          .isEqualTo("k=[REDACTED:aws-access-key]");
    }

    @Test
    void defaults_isTheSameRedactorEachTime() {
      assertThat(SecretRedactor.defaults()).isSameAs(SecretRedactor.defaults());
    }
  }

  @Nested
  class Arguments {

    @Test
    void redact_rejectsNullText() {
      assertThatThrownBy(() -> DEFAULTS.redact(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("text");
      assertThatThrownBy(() -> DEFAULTS.redactToString(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("text");
    }

    @Test
    void rule_rejectsNullKindOrPattern() {
      assertThatThrownBy(() -> SecretRedactor.builder().rule(null, "x"))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("kind");
      assertThatThrownBy(() -> SecretRedactor.builder().rule("k", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("regex");
    }

    @Test
    void redaction_rejectsNullComponents() {
      assertThatThrownBy(() -> new Redaction(null, List.of()))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("text");
      assertThatThrownBy(() -> new Redaction("text", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("findings");
    }

    @Test
    void redaction_copiesItsFindings() {
      List<Redaction.Finding> findings = new ArrayList<>();
      findings.add(new Redaction.Finding("k", 0, 1));
      Redaction r = new Redaction("[REDACTED:k]", findings);
      findings.clear();
      assertThat(r.findings()).hasSize(1);
      assertThatThrownBy(() -> r.findings().add(new Redaction.Finding("k", 1, 2)))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void finding_rejectsNullKind() {
      assertThatThrownBy(() -> new Redaction.Finding(null, 0, 1))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("kind");
    }

    @Test
    void finding_rejectsANegativeStart() {
      assertThatThrownBy(() -> new Redaction.Finding("k", -1, 3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("-1..3");
    }

    @Test
    void finding_rejectsAnEmptySpan() {
      assertThatThrownBy(() -> new Redaction.Finding("k", 5, 5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("5..5");
    }

    @Test
    void finding_rejectsAnEndBeforeTheStart() {
      assertThatThrownBy(() -> new Redaction.Finding("k", 5, 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("5..2");
    }
  }
}
