namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>An answer a zone's edge cache holds for one host and path, served as a <c>HIT</c> until purged.</summary>
/// <param name="Answer">What the origin answered when it was cached.</param>
/// <param name="StoredAt">When (model clock timestamp), for the <c>age</c> header.</param>
public sealed record CachedAnswer(ServiceAnswer Answer, long StoredAt);
