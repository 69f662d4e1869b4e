namespace Runbooks.Drills.Environments.Simulator;

/// <summary>
/// A propagation the simulator finished: the scenario reached its state somewhere between two reads of the watch.
/// </summary>
/// <param name="NotBefore">A timestamp before which the change had not happened (the earlier read was sent after it).</param>
/// <param name="NotAfter">A timestamp by which it had happened (the later read had answered).</param>
/// <param name="Delay">The propagation delay the simulator imposed, on the drill's clock.</param>
/// <param name="What">For the report: "Cloudflare propagation (20.0 s)".</param>
public sealed record PropagationEnd(long NotBefore, long NotAfter, TimeSpan Delay, string What);
