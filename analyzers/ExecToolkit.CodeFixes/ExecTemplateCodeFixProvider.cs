using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ExecToolkit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace ExecToolkit.CodeFixes;

/// <summary>
/// Fixes for the template rules, editing the literal's source text so it keeps its kind (regular, verbatim, raw):
/// double the <c>$</c> (EXEC1002, EXEC1003), quote the pseudo-variable (EXEC1001), switch single quotes around a shell
/// reference to double quotes (EXEC1004).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ExecTemplateCodeFixProvider)), Shared]
public sealed class ExecTemplateCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("EXEC1001", "EXEC1002", "EXEC1003", "EXEC1004");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            TextSpan span = diagnostic.Location.SourceSpan;
            if (root.FindToken(span.Start).Parent is not LiteralExpressionSyntax literal || !literal.Span.Contains(span))
            {
                continue;
            }

            string title;
            List<TextChange>? changes;
            switch (diagnostic.Id)
            {
                case "EXEC1002":
                case "EXEC1003":
                    title = "Double the '$' (a literal '$' for the shell)";
                    changes = [new TextChange(new TextSpan(span.Start, 0), "$")];
                    break;
                case "EXEC1001":
                    title = "Quote the pseudo-variable";
                    string quote = QuoteFor(literal);
                    changes = [new TextChange(new TextSpan(span.Start, 0), quote), new TextChange(new TextSpan(span.End, 0), quote)];
                    break;
                default:
                    title = "Use double quotes so the shell expands it";
                    changes = SingleToDouble(literal, span);
                    break;
            }

            if (changes is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(title, ct => Apply(context.Document, changes, ct), equivalenceKey: diagnostic.Id),
                diagnostic);
        }
    }

    private static async Task<Document> Apply(Document document, List<TextChange> changes, CancellationToken cancellationToken)
    {
        SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(changes));
    }

    private static string QuoteFor(LiteralExpressionSyntax literal)
    {
        string text = literal.Token.Text;
        if (literal.Token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || literal.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
        {
            return "\"";
        }

        return text.StartsWith("@", System.StringComparison.Ordinal) ? "\"\"" : "\\\"";
    }

    // The single quotes around the reference become double quotes, when nothing between them would change meaning.
    private static List<TextChange>? SingleToDouble(LiteralExpressionSyntax literal, TextSpan span)
    {
        int[]? map = LiteralSpans.Map(literal);
        if (map is null)
        {
            return null;
        }

        string value = literal.Token.ValueText;
        int at = System.Array.IndexOf(map, span.Start);
        if (at < 0)
        {
            return null;
        }

        int open = value.LastIndexOf('\'', at);
        int close = value.IndexOf('\'', at);
        if (open < 0 || close < 0)
        {
            return null;
        }

        string inside = value.Substring(open + 1, close - open - 1);
        if (inside.IndexOfAny(['"', '\\', '`']) >= 0)
        {
            return null;
        }

        string quote = QuoteFor(literal);
        return
        [
            new TextChange(TextSpan.FromBounds(map[open], map[open + 1]), quote),
            new TextChange(TextSpan.FromBounds(map[close], map[close + 1]), quote),
        ];
    }
}
