using System;
using System.ComponentModel;
using ExecToolkit.Templates;

namespace ExecToolkit.Generated;

/// <summary>
/// Set-up helpers for code that the ExecToolkit source generator emits for <see cref="ExecDsetAttribute"/> and its
/// siblings, run once per template (the expansion itself goes through <see cref="CommandParts"/> and <see cref="CommandWriter"/>). Not meant to be
/// called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedExpansion
{
    /// <summary>The contexts of a template's tokens, for placeholders the generator does not escape inline.</summary>
    /// <param name="template">The template, already checked by the generator.</param>
    /// <returns>One context per token.</returns>
    public static ShellContext[] Contexts(string template)
    {
        TemplateAnalysis analysis = TemplateAnalysis.Analyze(template);
        var contexts = new ShellContext[analysis.Contexts.Count];
        for (int i = 0; i < contexts.Length; i++)
        {
            contexts[i] = analysis.Contexts[i];
        }

        return contexts;
    }

    /// <summary>The parsed pseudo-variable of the token at <paramref name="tokenIndex"/>, for <see cref="PseudoVariables.PseudoVariableEvaluator.Print"/>.</summary>
    /// <param name="template">The template, already checked by the generator.</param>
    /// <param name="tokenIndex">The token's index.</param>
    /// <returns>The specification.</returns>
    public static PseudoVariableSpec Variable(string template, int tokenIndex)
        => TemplateParser.Parse(template)[tokenIndex].Variable ?? throw new ArgumentException("token " + tokenIndex + " is not a pseudo-variable", nameof(tokenIndex));
}
