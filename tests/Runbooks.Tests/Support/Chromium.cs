using System.Diagnostics;

namespace Runbooks.Tests.Support;

/// <summary>Debian's Chromium, headless, for the tests that look at a page as a browser renders it.</summary>
public static class Chromium
{
    /// <summary>The browser's path, or null when it is not installed.</summary>
    public static string? Path { get; } = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    /// <summary>Why a browser test cannot run here, with the command that fixes it.</summary>
    public const string Missing = "Chromium is not installed: run `bash scripts/prerequisites.sh --browser` (apt-get install -y chromium).";

    /// <summary>Renders <paramref name="page"/> and writes its screenshot to <paramref name="png"/>.</summary>
    public static void Screenshot(string page, string png, int width = 1200, int height = 900)
    {
        var profile = Directory.CreateTempSubdirectory("runbooks-chromium-").FullName;
        try
        {
            // The flags keep a closed network from being asked anything: no sync, no component updates, no background fetches.
            var psi = new ProcessStartInfo(Path ?? throw new InvalidOperationException(Missing))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                         // Paint every tile before the capture: without these the screenshot can show a tile still blank.
                         "--run-all-compositor-stages-before-draw", "--virtual-time-budget=2000", $"--user-data-dir={profile}",
                         $"--screenshot={png}", $"--window-size={width},{height}", new Uri(page).AbsoluteUri })
                psi.ArgumentList.Add(arg);
            using var browser = Process.Start(psi)!;
            var stdout = browser.StandardOutput.ReadToEndAsync();
            var stderr = browser.StandardError.ReadToEndAsync();
            if (!browser.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                browser.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not write its screenshot within 60 s.");
            }
            if (!File.Exists(png)) throw new InvalidOperationException($"chromium exited {browser.ExitCode} without a screenshot:\n{stdout.Result}\n{stderr.Result}");
        }
        finally
        {
            try { Directory.Delete(profile, true); } catch (IOException) { }
        }
    }
}
