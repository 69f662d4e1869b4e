using Runbooks.Drills.Environments.WireMock;

namespace Runbooks.Tests.Drills.Environments;

/// <summary>The WireMock server leaves nothing behind, whichever way it ends.</summary>
public sealed class WireMockServerTests
{
    [Fact]
    public async Task Dispose_StopsTheJavaProcess_AndASecondDisposeDoesNothing()
    {
        var server = await WireMockServer.StartAsync(new WireMockOptions { MaxRequestJournalEntries = 10 });
        Assert.Contains(server.ProcessId, WireMockProcessMarker.RunningFor(System.Environment.ProcessId));
        Assert.Equal(0, await server.Admin.CountMappingsAsync());

        await server.DisposeAsync();
        await server.DisposeAsync();

        Assert.DoesNotContain(server.ProcessId, WireMockProcessMarker.RunningFor(System.Environment.ProcessId));
    }

    [Fact]
    public async Task AServerWhoseOwnerDied_IsReapedByTheNextStart()
    {
        // A marked java process whose "owner" pid does not exist stands for a test run that was killed.
        var jar = WireMockInstallation.EnsureJar();
        var psi = new System.Diagnostics.ProcessStartInfo("java") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { WireMockProcessMarker.Argument(int.MaxValue - 7), "-jar", jar, "--port", "0", "--bind-address", "127.0.0.1", "--disable-banner" })
            psi.ArgumentList.Add(a);
        using var orphan = System.Diagnostics.Process.Start(psi)!;

        var reaped = WireMockProcessMarker.ReapOrphans();

        Assert.True(orphan.WaitForExit(5000), "the orphan should have been killed");
        Assert.True(reaped >= 1);
    }
}
