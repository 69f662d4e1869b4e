using System.Reflection;
using System.Runtime.Loader;

namespace Runbooks.Scripting.Hosting;

/// <summary>
/// Loads a compiled runbook image and starts it: Roslyn emits a type <c>Submission#0</c> whose static
/// <c>&lt;Factory&gt;</c> takes the submission array (globals first). Nothing here touches Roslyn.
/// </summary>
internal static class ScriptInvoker
{
    /// <summary>Loads the image; throws <see cref="InvalidDataException"/> when it is not a runbook image (a corrupt cache entry).</summary>
    public static MethodInfo LoadEntryPoint(string imagePath)
    {
        Assembly assembly;
        try
        {
            // The default context, so the script sees the very RunbookGlobals type the host created.
            assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(imagePath);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            throw new InvalidDataException($"{imagePath} is not a loadable runbook image: {e.Message}", e);
        }
        var factory = assembly.GetType("Submission#0")?.GetMethod("<Factory>", BindingFlags.Public | BindingFlags.Static);
        return factory ?? throw new InvalidDataException($"{imagePath} has no script entry point.");
    }

    /// <summary>Starts the script with <paramref name="globals"/>; the task completes when the script does.</summary>
    public static Task<object> Start(MethodInfo factory, object globals)
    {
        try
        {
            return (Task<object>)factory.Invoke(null, [new object?[] { globals, null }])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            return Task.FromException<object>(e.InnerException);
        }
    }
}
