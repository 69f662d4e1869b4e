using Runbooks.Core.Secrets;

namespace Runbooks.Tests.Core;

public sealed class SecretRedactionTests
{
    [Fact]
    public void Redact_MasksEveryOccurrenceAndTheLongerOfOverlappingSecretsWhole()
    {
        var r = new SecretRedactor();
        r.Add("abcd1234");
        r.Add("abcd1234-extended");

        Assert.Equal("a=*** b=***", r.Redact("a=abcd1234-extended b=abcd1234"));
    }

    [Fact]
    public void Add_IgnoresValuesTooShortToBeSecrets()
    {
        var r = new SecretRedactor();
        r.Add("on");
        Assert.Equal("turn it on", r.Redact("turn it on"));
    }

    [Fact]
    public void RedactingWriter_MasksASecretWrittenAcrossSeveralWrites()
    {
        var r = new SecretRedactor();
        r.Add("s3cr3t-value");
        var inner = new StringWriter();
        var w = new RedactingTextWriter(inner, r);

        w.Write("token=s3cr");
        w.Write('3');
        w.Write("t-val");
        w.WriteLine("ue done");
        w.Write("tail s3cr3t-value");
        w.Flush();

        Assert.Equal("token=*** done\ntail ***", inner.ToString());
    }

    [Fact]
    public void SecretStore_WhenVariableIsMissing_SaysWhichToExport()
    {
        var store = new SecretStore(new SecretRedactor(), Runbooks.Core.Sealing.RunVariables.Sealed(new Dictionary<string, string>()));
        var e = Assert.Throws<Runbooks.Core.Errors.BadInputException>(() => store.Get("VERCEL_TOKEN"));
        Assert.Equal(2, e.ExitCode);
        Assert.StartsWith("Secret VERCEL_TOKEN is not set", e.Message);
    }

    [Theory]
    [InlineData("CLOUDFLARE_API_TOKEN", true)]
    [InlineData("DATABASE_URL", true)]
    [InlineData("JWT_SECRET", true)]
    [InlineData("HOME", false)]
    [InlineData("CLOUDFLARE_ACCOUNT_ID", false)]
    public void LooksSecret_RecognisesSecretVariableNames(string name, bool expected)
        => Assert.Equal(expected, SecretRedactor.LooksSecret(name));
}
