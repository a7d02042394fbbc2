using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ExecToolkit.CodeFixes;

/// <summary>
/// EXEC1010 on an <c>[Exec*]</c> attribute: adds <c>ShellUse = ShellUse.WhenNeeded</c> to it, so that handler starts its
/// program without the shell whatever the executor says. On a call (<c>SipExec.Exec*Async</c>) no fix is offered: the
/// call's options may be shared, and the executor's setting lives in configuration.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ShellUseCodeFixProvider)), Shared]
public sealed class ShellUseCodeFixProvider : CodeFixProvider
{
    /// <summary>The key of the fix, one for all its applications (Fix All).</summary>
    public const string EquivalenceKey = "ExecToolkit.ShellUseWhenNeeded";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("EXEC1010");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

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
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>() is not AttributeSyntax attribute
                || attribute.ArgumentList is null
                || attribute.ArgumentList.Arguments.Any(a => a.NameEquals?.Name.Identifier.ValueText == "ShellUse"))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Run without a shell (ShellUse = ShellUse.WhenNeeded)",
                    ct => AddShellUseAsync(context.Document, root, model, attribute, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static Task<Document> AddShellUseAsync(Document document, SyntaxNode root, SemanticModel model, AttributeSyntax attribute, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // ShellUse.WhenNeeded where the enum's simple name binds to ExecToolkit.ShellUse there, the qualified name otherwise.
        bool inScope = model.LookupNamespacesAndTypes(attribute.SpanStart, name: "ShellUse")
            .Any(s => s is INamedTypeSymbol { TypeKind: TypeKind.Enum } type && type.ToDisplayString() == "ExecToolkit.ShellUse");
        ExpressionSyntax value = SyntaxFactory.ParseExpression((inScope ? "ShellUse" : "global::ExecToolkit.ShellUse") + ".WhenNeeded");
        AttributeArgumentSyntax argument = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("ShellUse")),
            nameColon: null,
            value);
        AttributeArgumentListSyntax list = attribute.ArgumentList!;
        AttributeArgumentListSyntax updated = list.WithArguments(list.Arguments.Add(argument));
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(list, updated)));
    }
}
