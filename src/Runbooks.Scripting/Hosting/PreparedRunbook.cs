using System.Reflection;
using Runbooks.Scripting.Caching;

namespace Runbooks.Scripting.Hosting;

/// <summary>A runbook compiled (or found in the cache) and loaded, ready to start.</summary>
/// <param name="Entry">The cache entry: image, required params.</param>
/// <param name="EntryPoint">The script's factory method.</param>
/// <param name="FromCache">Whether the compile was skipped.</param>
public sealed record PreparedRunbook(CacheEntry Entry, MethodInfo EntryPoint, bool FromCache)
{
    /// <summary>The runbook's full path.</summary>
    public string Path => Entry.RunbookPath;

    /// <summary>Literal names of params used without a default.</summary>
    public IReadOnlyList<string> RequiredParams => Entry.RequiredParams;
}
