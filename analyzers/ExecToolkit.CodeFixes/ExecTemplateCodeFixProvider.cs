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
/// Fixes for the template rules, editing the literal's source text so it keeps its kind (regular, verbatim, raw,
/// interpolated): double the <c>$</c> (EXEC1002, EXEC1003), quote the pseudo-variable (EXEC1001), switch single
/// quotes around a shell reference to double quotes (EXEC1004). In an interpolated string only the text between the
/// holes is edited; a fix that would have to edit inside a hole is not offered, nor one whose result would not read
/// back as the intended template.
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

        SemanticModel? model = null;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            // Only diagnostics the analyzer located inside a mapped literal carry the template offsets.
            TextSpan span = diagnostic.Location.SourceSpan;
            if (!LiteralSpans.TryGetOffsets(diagnostic, out int offset, out int length)
                || root.FindToken(span.Start).Parent?.AncestorsAndSelf().FirstOrDefault(IsStringExpression) is not ExpressionSyntax literal
                || !literal.Span.Contains(span))
            {
                continue;
            }

            model ??= await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (model?.GetConstantValue(literal, context.CancellationToken) is not { HasValue: true, Value: string template }
                || LiteralSpans.HoleValues(literal, model, context.CancellationToken) is not string[] holes
                || LiteralSpans.Map(literal, template, holes) is not LiteralSpans map
                || offset + length > template.Length
                || map.Span(offset, length) != span)
            {
                continue;
            }

            string title;
            List<Edit>? edits;
            switch (diagnostic.Id)
            {
                case "EXEC1002":
                case "EXEC1003":
                    title = "Double the '$' (a literal '$' for the shell)";
                    edits = [Edit.Insert(offset, "$", "$")];
                    break;
                case "EXEC1001":
                    title = "Quote the pseudo-variable";
                    edits = [Edit.Insert(offset, "\"", map.Quote), Edit.Insert(offset + length, "\"", map.Quote)];
                    break;
                default:
                    title = "Use double quotes so the shell expands it";
                    edits = SingleToDouble(map, offset, LiteralSpans.IsVerbatim(diagnostic));
                    break;
            }

            if (edits is null || Changes(literal, map, holes, edits) is not List<TextChange> changes)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(title, ct => Apply(context.Document, changes, ct), equivalenceKey: diagnostic.Id),
                diagnostic);
        }
    }

    private static bool IsStringExpression(SyntaxNode node)
        => node is InterpolatedStringExpressionSyntax || (node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression));

    private static async Task<Document> Apply(Document document, List<TextChange> changes, CancellationToken cancellationToken)
    {
        SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(changes));
    }

    // The single quotes around the reference become double quotes, when nothing between them would change meaning. In
    // Verbatim mode a pseudo-variable between them is not offered the fix: its value is pasted as it is, and inside
    // double quotes the shell would run a $(...) or `...` in it, where single quotes only let a ' out.
    private static List<Edit>? SingleToDouble(LiteralSpans map, int at, bool verbatim)
    {
        string value = map.Value;
        int open = value.LastIndexOf('\'', at);
        int close = value.IndexOf('\'', at);
        if (open < 0 || close < 0)
        {
            return null;
        }

        string inside = value.Substring(open + 1, close - open - 1);
        if (inside.IndexOfAny(['"', '\\', '`']) >= 0 || (verbatim && HasPseudoVariable(inside)))
        {
            return null;
        }

        return [Edit.Replace(open, "\"", map.Quote), Edit.Replace(close, "\"", map.Quote)];
    }

    // A template's '$' not doubled starts a pseudo-variable; "$$" is a literal '$'.
    private static bool HasPseudoVariable(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '$')
            {
                if (i + 1 < text.Length && text[i + 1] == '$')
                {
                    i++;
                    continue;
                }

                return true;
            }
        }

        return false;
    }

    // The edits as source changes; null when one falls inside a hole, or when the edited expression does not parse
    // as the same kind of literal, with the same holes, reading back as the edited template (a raw literal whose
    // content would start or end with a quote, or hold as many quotes in a row as its delimiter).
    private static List<TextChange>? Changes(ExpressionSyntax literal, LiteralSpans map, string[] holes, List<Edit> edits)
    {
        var changes = new List<TextChange>();
        var expected = new System.Text.StringBuilder(map.Value);
        foreach (Edit edit in edits.OrderByDescending(e => e.Offset))
        {
            TextSpan? span = edit.Replaces ? map.TextOf(edit.Offset) : map.InsertionPoint(edit.Offset) is int at ? new TextSpan(at, 0) : null;
            if (span is null)
            {
                return null;
            }

            changes.Insert(0, new TextChange(span.Value, edit.Source));
            expected.Remove(edit.Offset, edit.Replaces ? 1 : 0).Insert(edit.Offset, edit.Value);
        }

        string text = SourceText.From(literal.ToString()).WithChanges(changes.Select(c => new TextChange(new TextSpan(c.Span.Start - literal.SpanStart, c.Span.Length), c.NewText!))).ToString();
        ExpressionSyntax edited = SyntaxFactory.ParseExpression(text, options: literal.SyntaxTree.Options);
        bool same = !edited.ContainsDiagnostics
            && edited.IsKind(literal.Kind())
            && (edited, literal) switch
            {
                (LiteralExpressionSyntax a, LiteralExpressionSyntax b) => a.Token.IsKind(b.Token.Kind()),
                (InterpolatedStringExpressionSyntax a, InterpolatedStringExpressionSyntax b) => a.StringStartToken.IsKind(b.StringStartToken.Kind())
                    && a.Contents.OfType<InterpolationSyntax>().Select(h => h.ToString()).SequenceEqual(b.Contents.OfType<InterpolationSyntax>().Select(h => h.ToString())),
                _ => false,
            }
            && LiteralSpans.Map(edited, expected.ToString(), holes) is LiteralSpans result
            && result.Flavour == map.Flavour;
        return same ? changes : null;
    }

    /// <summary>A value character inserted before <see cref="Offset"/>, or the one at <see cref="Offset"/> replaced, written as <see cref="Source"/>.</summary>
    private sealed class Edit
    {
        private Edit(int offset, bool replaces, string value, string source)
        {
            Offset = offset;
            Replaces = replaces;
            Value = value;
            Source = source;
        }

        public int Offset { get; }

        public bool Replaces { get; }

        public string Value { get; }

        public string Source { get; }

        public static Edit Insert(int offset, string value, string source) => new(offset, false, value, source);

        public static Edit Replace(int offset, string value, string source) => new(offset, true, value, source);
    }
}
