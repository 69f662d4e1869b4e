// The load generator's benchmark. Two modes, so the endpoint and the generator run in separate processes as wrk does:
//   runbooks-load-bench server PORT            a minimal Kestrel endpoint on 127.0.0.1:PORT (GET /)
//   runbooks-load-bench generate URL RATE SECS  one constant-rate run; prints "rate planned sent errors late% lagP99ms"
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Runbooks.Drills.Load;

if (args.Length >= 2 && args[0] == "server")
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls($"http://127.0.0.1:{args[1]}");
    var app = builder.Build();
    app.MapGet("/", () => "ok");
    await app.RunAsync();
    return 0;
}
if (args.Length >= 4 && args[0] == "generate")
{
    // No ThreadPool.SetMinThreads here: the CLI that hosts the generator does not set it either.
    var rate = double.Parse(args[2], CultureInfo.InvariantCulture);
    var seconds = double.Parse(args[3], CultureInfo.InvariantCulture);
    using var client = HttpLoad.CreateClient(256);
    var url = new Uri(args[1]);
    // A warm-up so connection set-up and JIT are not charged to the measured run. One second at 2,000 a second left
    // hundreds of methods to tier up inside the measured run (JitInfo: 1.4-2 s of compile time in a 3 s run at 25k).
    await using (var warm = new OpenModelLoadRunner().Start(HttpLoad.Get("warm", url, client)
        .WithLoadSimulations(LoadSimulation.ConstantRate(Math.Min(rate, 10_000), TimeSpan.FromSeconds(2)))))
        await warm.Completion;
    var allocatedBefore = GC.GetTotalAllocatedBytes();
    var gcBefore = GC.CollectionCount(0);
    var cpuBefore = Environment.CpuUsage.TotalTime;
    var pauseBefore = GC.GetTotalPauseDuration();
    var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
    var jitCountBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
    await using var run = new OpenModelLoadRunner(new LoadRunnerOptions { MaxInFlight = 4096 })
        .Start(HttpLoad.Get("bench", url, client).WithLoadSimulations(LoadSimulation.ConstantRate(rate, TimeSpan.FromSeconds(seconds))));
    await run.Completion;
    var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
    var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
    var gcs = GC.CollectionCount(0) - gcBefore;
    var pause = GC.GetTotalPauseDuration() - pauseBefore;
    var jit = System.Runtime.JitInfo.GetCompilationTime() - jitBefore;
    var jitCount = System.Runtime.JitInfo.GetCompiledMethodCount() - jitCountBefore;
    var h = run.Health();
    var errors = run.AllBuckets().Sum(b => b.Errors);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{rate:0} {h.Planned} {h.Sent} {errors} {h.LateFraction * 100:0.00} {h.LagP99.TotalMilliseconds:0.0}"));
    // Diagnostics on stderr, so the script's one line on stdout stays as it is. Latency per 100 ms bucket (the histograms
    // are per bucket): the median bucket's p50 and p99, and the worst bucket's p99.
    var buckets = run.AllBuckets().Where(b => b.Latency.Count > 0).ToList();
    double Median(IEnumerable<double> xs) { var o = xs.Order().ToList(); return o.Count == 0 ? 0 : o[o.Count / 2]; }
    Console.Error.WriteLine(FormattableString.Invariant(
        $"latency: p50 {Median(buckets.Select(b => b.Latency.Percentile(50).TotalMilliseconds)):0.00} ms, p99 {Median(buckets.Select(b => b.Latency.Percentile(99).TotalMilliseconds)):0.00} ms (median of 100 ms buckets); worst bucket p99 {(buckets.Count == 0 ? 0 : buckets.Max(b => b.Latency.Percentile(99).TotalMilliseconds)):0.00} ms"));
    if (Environment.GetEnvironmentVariable("LOAD_BENCH_VERBOSE") == "1")
    {
        var worst = run.AllBuckets().Max(b => b.Latency.Percentile(50)).TotalMilliseconds;
        var perSecond = string.Join(' ', run.AllBuckets().Chunk(10).Select(c => c.Sum(b => b.Errors)));
        Console.Error.WriteLine(FormattableString.Invariant(
            $"  lag p50 {h.LagP50.TotalMilliseconds:0.00} p99 {h.LagP99.TotalMilliseconds:0.00} ms; worst bucket latency p50 {worst:0.00} ms; errors per second: {perSecond}; cpu {cpu.TotalMicroseconds / Math.Max(1, h.Sent):0.0} us/request, {allocated / Math.Max(1, h.Sent)} B/request, {gcs} gen0 GCs pausing {pause.TotalMilliseconds:0.0} ms, {ThreadPool.ThreadCount} pool threads, {jitCount} methods jitted in {jit.TotalMilliseconds:0} ms"));
    }
    return 0;
}
Console.Error.WriteLine("usage: runbooks-load-bench server PORT | generate URL RATE SECONDS");
return 2;
