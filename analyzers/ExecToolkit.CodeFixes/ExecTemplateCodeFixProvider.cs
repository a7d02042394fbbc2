using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ExecToolkit.Analyzers;
using ExecToolkit.Templates;
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
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("EXEC1001", "EXEC1002", "EXEC1003", "EXEC1004", "EXEC0006", "EXEC0007");

    /// <summary>One key for every template fix, so a Fix All started from any of them applies them all.</summary>
    public const string EquivalenceKey = "ExecToolkit.TemplateFix";

    // Fix All edits each literal once with the edits of all its findings together (checked as one result), instead of
    // merging separately computed documents, which drops edits that touch the same literal.
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (Prepare(diagnostic, root, model, context.CancellationToken) is Fix fix
                && Changes(fix.Literal, fix.Map, fix.Holes, fix.Edits) is List<TextChange> changes)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(fix.Title, ct => Apply(context.Document, changes, ct), equivalenceKey: EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document?> FixDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var byLiteral = new Dictionary<ExpressionSyntax, List<Fix>>();
        foreach (Diagnostic diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (Prepare(diagnostic, root, model, context.CancellationToken) is Fix fix)
            {
                if (!byLiteral.TryGetValue(fix.Literal, out List<Fix>? fixes))
                {
                    byLiteral[fix.Literal] = fixes = [];
                }

                fixes.Add(fix);
            }
        }

        var all = new List<TextChange>();
        foreach (List<Fix> fixes in byLiteral.Values)
        {
            // Each finding's edits join the literal's set only if the set still reads back as the intended template.
            Fix first = fixes[0];
            var accepted = new List<Edit>();
            List<TextChange>? changes = null;
            foreach (Fix fix in fixes)
            {
                List<Edit> tried = [.. accepted, .. fix.Edits.Where(e => !accepted.Contains(e))];
                if (Changes(first.Literal, first.Map, first.Holes, tried) is List<TextChange> ok)
                {
                    accepted = tried;
                    changes = ok;
                }
            }

            if (changes is not null)
            {
                all.AddRange(changes);
            }
        }

        if (all.Count == 0)
        {
            return null;
        }

        SourceText text = await document.GetTextAsync(context.CancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(all));
    }

    // What fixing one diagnostic means: its literal, the literal's map and the value edits; null when no fix applies.
    private static Fix? Prepare(Diagnostic diagnostic, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        TextSpan span = diagnostic.Location.SourceSpan;
        if (root.FindToken(span.Start).Parent?.AncestorsAndSelf().FirstOrDefault(IsStringExpression) is not ExpressionSyntax literal
            || !literal.Span.Contains(span)
            || model.GetConstantValue(literal, cancellationToken) is not { HasValue: true, Value: string template }
            || LiteralSpans.HoleValues(literal, model, cancellationToken) is not string[] holes
            || LiteralSpans.Map(literal, template, holes) is not LiteralSpans map)
        {
            return null;
        }

        // The generator's refusal of a handler's template (EXEC0006, EXEC0007) at a '$' meant for the shell: the
        // analyzer's EXEC1002 for the same place, which the analyzer leaves to the generator on attributes.
        if (diagnostic.Id is "EXEC0006" or "EXEC0007")
        {
            LintFinding? shell = TemplateLinter.Lint(template, LintMode.ShellSafe).FirstOrDefault(f => f.Id == TemplateLinter.ShellReference);
            return shell is not null && map.Span(shell.Offset, 1).Start == span.Start
                ? new Fix(literal, map, holes, "Double the '$' (a literal '$' for the shell)", [Edit.Insert(shell.Offset, "$", "$")])
                : null;
        }

        // Only diagnostics the analyzer located inside a mapped literal carry the template offsets.
        if (!LiteralSpans.TryGetOffsets(diagnostic, out int offset, out int length)
            || offset + length > template.Length
            || map.Span(offset, length) != span)
        {
            return null;
        }

        switch (diagnostic.Id)
        {
            case "EXEC1002":
            case "EXEC1003":
                return new Fix(literal, map, holes, "Double the '$' (a literal '$' for the shell)", [Edit.Insert(offset, "$", "$")]);
            case "EXEC1001":
                return new Fix(literal, map, holes, "Quote the pseudo-variable", [Edit.Insert(offset, "\"", map.Quote), Edit.Insert(offset + length, "\"", map.Quote)]);
            default:
                return SingleToDouble(map, offset, LiteralSpans.IsVerbatim(diagnostic)) is List<Edit> edits
                    ? new Fix(literal, map, holes, "Use double quotes so the shell expands it", edits)
                    : null;
        }
    }

    private sealed class Fix(ExpressionSyntax literal, LiteralSpans map, string[] holes, string title, List<Edit> edits)
    {
        public ExpressionSyntax Literal { get; } = literal;

        public LiteralSpans Map { get; } = map;

        public string[] Holes { get; } = holes;

        public string Title { get; } = title;

        public List<Edit> Edits { get; } = edits;
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
    private sealed class Edit : System.IEquatable<Edit>
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

        public bool Equals(Edit? other) => other is not null && (other.Offset, other.Replaces, other.Value, other.Source) == (Offset, Replaces, Value, Source);

        public override bool Equals(object? obj) => Equals(obj as Edit);

        public override int GetHashCode() => (Offset, Replaces, Value, Source).GetHashCode();
    }
}
