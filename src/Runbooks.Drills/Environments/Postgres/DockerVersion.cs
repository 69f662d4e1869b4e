namespace Runbooks.Drills.Environments.Postgres;

/// <summary>What a Docker daemon says of itself: its version (<c>20.10.24</c>) and the highest API version it speaks (<c>1.41</c>).</summary>
internal sealed record DockerVersion(string Version, string ApiVersion);
