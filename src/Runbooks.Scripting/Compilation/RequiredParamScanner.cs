using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Runbooks.Scripting.Compilation;

/// <summary>
/// Finds every <c>Param("literal")</c> call without a default in a runbook and the files it loads, so a missing
/// param stops the run before its first step. A name that is not a literal can only be checked when reached.
/// </summary>
internal static class RequiredParamScanner
{
    public static IReadOnlyList<string> Scan(IEnumerable<SyntaxTree> trees)
    {
        var names = new List<string>();
        foreach (var tree in trees)
            foreach (var call in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (call.Expression is not IdentifierNameSyntax { Identifier.ValueText: "Param" }) continue;
                var args = call.ArgumentList.Arguments;
                if (args.Count != 1 || args[0].NameColon is { } colon && colon.Name.Identifier.ValueText != "name") continue;
                if (args[0].Expression is LiteralExpressionSyntax lit && lit.IsKind(SyntaxKind.StringLiteralExpression)
                    && !names.Contains(lit.Token.ValueText))
                    names.Add(lit.Token.ValueText);
            }
        return names;
    }
}
