namespace Runbooks.Drills.History;

/// <summary>A recorded run's RPO: the projected window of lost acknowledged writes against its row.</summary>
/// <param name="Data">The RPO row (a data type such as user-data).</param>
/// <param name="SpanMs">The projected real-world span of the lost writes, in milliseconds.</param>
/// <param name="LostWrites">Acknowledged writes that were lost.</param>
/// <param name="TargetMs">The row's target.</param>
/// <param name="AcceptableMs">The row's acceptable limit.</param>
/// <param name="Verdict">"within target", "within acceptable" or "BREACH", as the reports write it.</param>
public sealed record HistoryRpo(string Data, double SpanMs, long LostWrites, double TargetMs, double AcceptableMs, string Verdict);
