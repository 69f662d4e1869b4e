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
    ThreadPool.SetMinThreads(64, 64);
    var rate = double.Parse(args[2], CultureInfo.InvariantCulture);
    var seconds = double.Parse(args[3], CultureInfo.InvariantCulture);
    using var client = HttpLoad.CreateClient(256);
    var url = new Uri(args[1]);
    // A short warm-up so connection set-up and JIT are not charged to the measured run.
    await using (var warm = new OpenModelLoadRunner().Start(HttpLoad.Get("warm", url, client)
        .WithLoadSimulations(LoadSimulation.ConstantRate(Math.Min(rate, 2000), TimeSpan.FromSeconds(1)))))
        await warm.Completion;
    await using var run = new OpenModelLoadRunner(new LoadRunnerOptions { MaxInFlight = 4096 })
        .Start(HttpLoad.Get("bench", url, client).WithLoadSimulations(LoadSimulation.ConstantRate(rate, TimeSpan.FromSeconds(seconds))));
    await run.Completion;
    var h = run.Health();
    var errors = run.AllBuckets().Sum(b => b.Errors);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{rate:0} {h.Planned} {h.Sent} {errors} {h.LateFraction * 100:0.00} {h.LagP99.TotalMilliseconds:0.0}"));
    return 0;
}
Console.Error.WriteLine("usage: runbooks-load-bench server PORT | generate URL RATE SECONDS");
return 2;
