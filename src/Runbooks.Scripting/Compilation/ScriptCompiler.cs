using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Scripting;
using Runbooks.Scripting.Globals;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Scripting.Compilation;

/// <summary>
/// The only place Roslyn is used. Compiles a runbook (and its <c>#load</c>s) against <see cref="RunbookGlobals"/>, emits
/// an assembly with an embedded PDB so cached runs still report the user's file and line, and finds the literal
/// names of required params. Its public surface carries no Roslyn type, so callers on the cache-hit path never
/// make the JIT load Roslyn.
/// </summary>
public static class ScriptCompiler
{
    // Compiler warnings about assembly version unification say nothing about the runbook.
    private static readonly HashSet<string> IgnoredWarnings = ["CS1701", "CS1702", "CS1705"];

    /// <summary>Namespaces every runbook can use without a <c>using</c>.</summary>
    public static readonly IReadOnlyList<string> Imports =
    [
        "System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Net", "System.Net.Http",
        "System.Text", "System.Text.Json", "System.Threading", "System.Threading.Tasks", "System.Diagnostics",
        "Runbooks.Core.Incidents", "Runbooks.Providers", "Runbooks.Providers.Http",
    ];

    private static readonly string[] FrameworkAssemblies =
    [
        "System.Runtime", "System.Collections", "System.Linq", "System.Console", "System.Net.Http", "System.Net.Primitives",
        "System.Text.Json", "System.Text.RegularExpressions", "System.Threading", "System.Threading.Tasks",
        "System.Diagnostics.Process", "System.Memory", "System.Private.Uri", "System.ComponentModel.Primitives",
        "System.Runtime.InteropServices", "netstandard",
    ];

    /// <summary>Compiles <paramref name="source"/>; <paramref name="displayPath"/> turns a full path into what diagnostics show.</summary>
    public static CompileResult Compile(RunbookSource source, Func<string, string> displayPath)
    {
        var main = source.Files[0];
        var code = Encoding.UTF8.GetString(main.Content ?? []);
        var script = CSharpScript.Create(code, Options(source.Path), typeof(RunbookGlobals));
        var compilation = script.GetCompilation();

        var diagnostics = compilation.GetDiagnostics();
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => Format(d, displayPath)).ToList();
        var warnings = diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Warning && !IgnoredWarnings.Contains(d.Id))
            .Select(d => Format(d, displayPath)).ToList();
        var required = RequiredParamScanner.Scan(compilation.SyntaxTrees);
        if (errors.Count > 0) return new CompileResult(null, required, errors, warnings);

        using var image = new MemoryStream();
        var emitted = compilation.Emit(image, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded));
        if (!emitted.Success)
        {
            errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => Format(d, displayPath)).ToList();
            return new CompileResult(null, required, errors, warnings);
        }
        return new CompileResult(image.ToArray(), required, [], warnings);
    }

    private static ScriptOptions Options(string path)
    {
        var dir = Path.GetDirectoryName(path)!;
        return ScriptOptions.Default
            .WithFilePath(path)
            .WithFileEncoding(Encoding.UTF8)
            .WithEmitDebugInformation(true)
            .WithOptimizationLevel(OptimizationLevel.Debug)
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, dir))
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(dir))
            .WithReferences(References())
            .WithImports(Imports);
    }

    private static IEnumerable<MetadataReference> References()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<string> Locations()
        {
            yield return typeof(object).Assembly.Location;
            foreach (var name in FrameworkAssemblies)
            {
                Assembly? a = null;
                try { a = Assembly.Load(name); } catch (FileNotFoundException) { }
                if (a is not null && a.Location.Length > 0) yield return a.Location;
            }
            // The runbook API and whatever its public surface exposes live beside the host.
            foreach (var dll in Directory.GetFiles(AppContext.BaseDirectory, "Runbooks.*.dll")) yield return dll;
            foreach (var extra in new[] { "Npgsql.dll" })
            {
                var p = Path.Combine(AppContext.BaseDirectory, extra);
                if (File.Exists(p)) yield return p;
            }
        }
        foreach (var location in Locations())
            if (seen.Add(location)) yield return MetadataReference.CreateFromFile(location);
    }

    private static string Format(Diagnostic d, Func<string, string> displayPath)
    {
        var severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
        var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        if (!d.Location.IsInSource && d.Location.Kind != LocationKind.ExternalFile)
            return $"{severity} {d.Id}: {message}";
        var span = d.Location.GetMappedLineSpan();
        var file = string.IsNullOrEmpty(span.Path) ? "" : displayPath(span.Path);
        return $"{file}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {severity} {d.Id}: {message}";
    }
}
