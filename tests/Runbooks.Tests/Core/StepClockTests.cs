using Microsoft.Extensions.Time.Testing;
using Runbooks.Core.Runs;
using Runbooks.Core.Secrets;
using Runbooks.Core.Steps;
using Runbooks.Core.Timing;
using Runbooks.Scripting.Hosting;
using Runbooks.Scripting.Caching;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Core;

/// <summary>Step timeouts and step retry delays are real-world durations run on the run's clock.</summary>
public sealed class StepClockTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_10_min_step_timeout_at_scale_0_02_ends_the_step_after_12_s()
    {
        using var run = Run(0.02);

        var step = run.StepAsync("Wait for DNS", async ct => { await Task.Delay(Timeout.InfiniteTimeSpan, ct); return true; },
            new StepOptions { Timeout = TimeSpan.FromMinutes(10) }, hasResult: false);
        _time.Advance(TimeSpan.FromSeconds(11.9));
        await Task.Delay(50);
        Assert.False(step.IsCompleted, "the step ended before 10 min at scale 0.02");
        _time.Advance(TimeSpan.FromSeconds(0.1));

        var e = await Assert.ThrowsAsync<StepFailedException>(() => step.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("Step 'Wait for DNS' failed: timed out after 600 s", e.Message);
    }

    [Fact]
    public async Task A_step_retry_delay_is_waited_at_the_scale_and_recorded_on_the_clock()
    {
        using var run = Run(0.02);
        var attempts = 0;

        var step = run.StepAsync("Flaky", _ => ++attempts == 1 ? throw new InvalidOperationException("not yet") : Task.FromResult(true),
            new StepOptions { Retries = 1, RetryDelay = TimeSpan.FromMinutes(1) }, hasResult: false);
        _time.Advance(TimeSpan.FromSeconds(0.85)); // 1 min less 25% jitter is 45 s: 0.9 s at 0.02
        await Task.Delay(50);
        Assert.Equal(1, attempts);
        await _time.Drive(step, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5));

        Assert.Equal(2, attempts);
        var wait = Assert.Single(run.Settings.Clock.Waits);
        Assert.Equal("step 'Flaky' retry delay", wait.What);
        Assert.InRange(TimeSpan.FromSeconds((wait.EndTimestamp - wait.StartTimestamp) / (double)_time.TimestampFrequency),
            TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(1.51));
    }

    [Fact]
    public async Task The_executor_runs_steps_on_the_clock_of_the_request()
    {
        using var ws = new Workspace();
        ws.Runbook("slow-dns.csx", """
            await Step("Wait for DNS", async ct => await Task.Delay(Timeout.InfiniteTimeSpan, ct), timeout: TimeSpan.FromMinutes(1));
            """);
        var executor = new RunbookExecutor(new RunbookHost(new ScriptCache(ws.PathOf("cache"))), new SecretRedactor(), SilentRunObserver.Instance,
            NoConfirmation.Instance);

        var outcome = await executor.ExecuteAsync(new ExecRequest
        {
            Runbook = "slow-dns", WorkingDirectory = ws.Root, Clock = new RunClock(new TimeScale(0.02)),
        });

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith("Step 'Wait for DNS' failed: timed out after 60 s", outcome.Error);
        // 1 min at 0.02 is 1.2 s; at real time the step would have taken the whole minute.
        Assert.InRange(Assert.Single(outcome.Steps).Elapsed, TimeSpan.FromSeconds(1.1), TimeSpan.FromSeconds(20));
    }

    private RunbookRun Run(double scale) => new(new RunSettings { Clock = new RunClock(new TimeScale(scale), _time) }, new SecretRedactor(),
        null, SilentRunObserver.Instance, NoConfirmation.Instance, _time);
}
