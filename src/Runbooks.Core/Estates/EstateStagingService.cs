namespace Runbooks.Core.Estates;

/// <summary>A production service's staging twin.</summary>
/// <param name="Name">Its name in staging.</param>
/// <param name="Url">Where it answers in staging.</param>
public sealed record EstateStagingService(string Name, string Url);
