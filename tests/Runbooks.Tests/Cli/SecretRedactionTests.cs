using Runbooks.Tests.Support;

namespace Runbooks.Tests.Cli;

/// <summary>A secret's value appears nowhere: console, journal, JSON result, error messages.</summary>
public sealed class SecretRedactionTests : IDisposable
{
    private const string Token = "cf-token-7f3a9c1e55d2";
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Exec_WhenScriptPrintsLogsReturnsAndThrowsASecret_ItIsMaskedEverywhere()
    {
        _ws.Runbook("leaky.csx", """
            // Tries every way to leak the token.
            var token = Secret("MY_API_TOKEN");
            Console.WriteLine("console: " + token);
            Console.Write("split: " + token[..5]);
            Console.WriteLine(token[5..]);
            await Step("Log it", () => Log("log: " + token));
            var echoed = await Step("Return it", () => "result: " + token);
            await Step("Throw it", () => throw new InvalidOperationException("auth failed for " + token));
            """);
        var env = new Dictionary<string, string?> { ["MY_API_TOKEN"] = Token };

        var plain = RunbooksCli.Run(_ws.Root, ["exec", "leaky", "--verbose"], env, TimeSpan.FromSeconds(60));
        var json = RunbooksCli.Run(_ws.Root, ["exec", "leaky", "--json", "--verbose"], env, TimeSpan.FromSeconds(60));

        Assert.Equal(1, plain.ExitCode);
        Assert.Equal(1, json.ExitCode);
        Assert.Contains("console: ***", plain.Stdout);
        Assert.Contains("split: ***", plain.Stdout);
        Assert.Contains("auth failed for ***", plain.Stderr);
        foreach (var text in new[] { plain.Output, json.Output })
            Assert.DoesNotContain(Token, text);
        foreach (var file in Directory.GetFiles(_ws.PathOf(".runbooks/journal")))
        {
            var journal = File.ReadAllText(file);
            Assert.Contains("log: ***", journal);
            Assert.DoesNotContain(Token, journal);
            Assert.Contains("holds a secret", journal); // the step result was not journaled
        }
    }

    [Theory]
    [InlineData("Zq9xK7+wP3mR8&tY<>")]
    [InlineData("it's \"quoted\" \\ back")]
    [InlineData("sl/ash 50% naïve-ü")]
    public void Exec_WhenASecretHoldsCharactersThatEncodersEscape_NoEncodingOfItAppearsAnywhere(string secret)
    {
        _ws.Runbook("leaky-encoded.csx", """
            // Leaks the password through every encoder: JSON results, exceptions, step names, --json.
            var password = Secret("DB_PASSWORD");
            await Step("Connect as " + password, () => Log("url: postgres://app:" + Uri.EscapeDataString(password) + "@db/app"));
            var record = await Step("Return it", () => new { User = "app", Password = password, Escaped = System.Text.Json.JsonSerializer.Serialize(password) });
            await Step("Throw it", () => throw new InvalidOperationException("auth failed: " + System.Net.WebUtility.HtmlEncode(password)));
            """);
        var env = new Dictionary<string, string?> { ["DB_PASSWORD"] = secret };

        var plain = RunbooksCli.Run(_ws.Root, ["exec", "leaky-encoded", "--verbose"], env, TimeSpan.FromSeconds(60));
        var json = RunbooksCli.Run(_ws.Root, ["exec", "leaky-encoded", "--json", "--verbose"], env, TimeSpan.FromSeconds(60));
        var journal = Directory.GetFiles(_ws.PathOf(".runbooks/journal")).First();
        var resumed = RunbooksCli.Run(_ws.Root, ["exec", "--resume", journal, "--json"], env, TimeSpan.FromSeconds(60));

        Assert.Equal(1, plain.ExitCode);
        Assert.Equal(1, json.ExitCode);
        Assert.Equal(1, resumed.ExitCode);
        var forms = new[]
        {
            secret, System.Text.Json.JsonSerializer.Serialize(secret).Trim('"'), Uri.EscapeDataString(secret),
            System.Net.WebUtility.HtmlEncode(secret), System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonSerializer.Serialize(secret)).Trim('"'),
        };
        var everything = new[] { plain.Output, json.Output, resumed.Output }.Concat(Directory.GetFiles(_ws.PathOf(".runbooks/journal")).Select(File.ReadAllText));
        foreach (var text in everything)
            foreach (var form in forms)
                Assert.False(text.Contains(form, StringComparison.Ordinal), $"'{form}' appears in:\n{text}");
        Assert.Contains("Connect as ***", plain.Stdout);
        Assert.Contains("auth failed: ***", plain.Stderr);
    }

    [Fact]
    public void Exec_WhenSecretIsMissing_ExitsTwoNamingTheVariable()
    {
        _ws.Runbook("needs-secret.csx", """
            // Needs a token.
            await Step("Use token", () => Log(Secret("ABSENT_API_TOKEN").Length.ToString()));
            """);

        var r = RunbooksCli.Run(_ws.Root, "exec", "needs-secret");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("Secret ABSENT_API_TOKEN is not set", r.Stderr);
    }
}
