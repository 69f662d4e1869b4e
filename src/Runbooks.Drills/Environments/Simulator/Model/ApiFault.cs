using System.Text.RegularExpressions;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>One active API fault: what, on which paths, how many more calls (0: every call until cleared).</summary>
/// <param name="Kind">How the API misbehaves.</param>
/// <param name="Path">The paths it applies to (below the API's root, e.g. <c>/zones/.*/purge_cache</c>); null: all.</param>
/// <param name="Status">For a server error, its status.</param>
/// <param name="RetryAfter">For a rate limit, the real-world wait it asks for.</param>
/// <param name="Remaining">Calls it still applies to; 0 means unlimited.</param>
public sealed record ApiFault(ApiFaultKind Kind, Regex? Path, int Status, TimeSpan RetryAfter, int Remaining);
