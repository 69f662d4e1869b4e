namespace Runbooks.Drills.Load;

/// <summary>
/// A bearer token the synthetic requests present once <see cref="Token"/> gives one (an attacker holding a leaked API
/// key), and the statuses that are the right answer to such a request (401: the key is refused).
/// </summary>
/// <param name="Token">Read per request: null sends none (the request is judged by the drill's own accept list).</param>
/// <param name="Accepts">Whether a status is the right answer to a request that presented the token.</param>
public sealed record LoadCredential(Func<string?> Token, Func<int, bool> Accepts);
