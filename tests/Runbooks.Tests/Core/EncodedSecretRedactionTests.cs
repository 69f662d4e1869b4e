using System.Net;
using System.Security;
using System.Text.Encodings.Web;
using System.Text.Json;
using Runbooks.Core.Secrets;

namespace Runbooks.Tests.Core;

/// <summary>A secret stays masked once it is encoded: JSON, percent-encoding, HTML and XML, inside a connection string.</summary>
public sealed class EncodedSecretRedactionTests
{
    public static TheoryData<string> Secrets => new()
    {
        "Zq9xK7+wP3mR8&tY", "pa<ss>word42", "it's-a-secret9", "quo\"ted-value", @"back\slash-99", "sl/ash/secret",
        "50%-off-code", "with spaces inside", "naïve-päss-wörd", "日本語のパスワード",
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void A_secret_is_masked_in_every_encoding_it_can_be_written_in(string secret)
    {
        var redactor = new SecretRedactor();
        redactor.Add(secret, "DB_PASSWORD");

        var encodings = new[]
        {
            secret,
            JsonSerializer.Serialize(secret),                                                               // System.Text.Json default: \u002B, \u0026 ...
            JsonSerializer.Serialize(secret, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            Uri.EscapeDataString(secret),
            System.Text.RegularExpressions.Regex.Replace(Uri.EscapeDataString(secret), "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant()),
            WebUtility.UrlEncode(secret),
            WebUtility.HtmlEncode(secret),
            HtmlEncoder.Default.Encode(secret),
            SecurityElement.Escape(secret)!,
            $"postgres://app:{Uri.EscapeDataString(secret)}@db.example.com:5432/app",
        };
        foreach (var encoded in encodings)
        {
            var text = $"before {encoded} after";
            var masked = redactor.Redact(text);
            Assert.DoesNotContain(encoded, masked);
            Assert.StartsWith("before ", masked);
            Assert.EndsWith(" after", masked);
        }
    }

    [Fact]
    public void The_password_inside_a_connection_string_is_a_secret_of_its_own()
    {
        var redactor = new SecretRedactor();
        redactor.Add("postgres://app:Zq9x%2BwP3mR8%26tY@db.example.com:5432/app", "DATABASE_URL");
        redactor.Add("Host=db;Username=app;Password=K3y'with;quote", "OTHER_DATABASE_URL"); // the value ends at the ;

        Assert.Equal("FATAL: password \"***\" rejected", redactor.Redact("FATAL: password \"Zq9x+wP3mR8&tY\" rejected"));
        Assert.Equal("json: \"***\"", redactor.Redact("json: " + JsonSerializer.Serialize("Zq9x+wP3mR8&tY")));
        Assert.Equal("pw=***", redactor.Redact("pw=K3y'with"));
    }

    [Fact]
    public void Masking_never_corrupts_a_number_that_merely_contains_a_numeric_secret()
    {
        var redactor = new SecretRedactor();
        redactor.Add("400580", "PIN_SECRET");

        Assert.Equal("RTO 14005801 ms, budget 2400580.5 ms", redactor.Redact("RTO 14005801 ms, budget 2400580.5 ms"));
        Assert.Equal("pin=*** sent", redactor.Redact("pin=400580 sent"));
        Assert.Equal("{\"measuredMs\":4005801,\"pin\":\"***\"}", redactor.Redact("{\"measuredMs\":4005801,\"pin\":\"400580\"}"));
    }

    [Fact]
    public void A_secret_too_short_to_mask_safely_is_named_once_in_a_warning()
    {
        var redactor = new SecretRedactor();
        var warnings = new List<string>();
        redactor.Add("abc", "SHORT_TOKEN");
        redactor.Add("abc", "SHORT_TOKEN");
        redactor.OnWarning(warnings.Add);
        redactor.Add("xy", "OTHER_SECRET");

        Assert.Equal(2, warnings.Count);
        Assert.Contains("SHORT_TOKEN is shorter than 6 characters", warnings[0]);
        Assert.Contains("OTHER_SECRET", warnings[1]);
        Assert.DoesNotContain("abc", string.Join("\n", warnings));
        Assert.Equal("the abc of it", redactor.Redact("the abc of it")); // not masked: it would mask ordinary words
    }
}
