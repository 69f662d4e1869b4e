namespace Runbooks.Core.Estates;

/// <summary>
/// An environment variable setting under which an app's own code fails every request: its fault-injection switch. With
/// it a drill breaks a build through the provider's public API alone (set the variable, redeploy), in staging as in the
/// simulator, which honours it for the project that declares it.
/// </summary>
/// <param name="Key">The variable, e.g. <c>DRILL_FAULT</c>.</param>
/// <param name="Value">The value that makes a build fail, e.g. <c>fail</c>.</param>
public sealed record EstateFaultFlag(string Key, string Value);
