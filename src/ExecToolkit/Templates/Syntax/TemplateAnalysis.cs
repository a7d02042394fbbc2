// Shared source: compiled into the ExecToolkit runtime and into the ExecToolkit generator and analyzers.
// Keep it netstandard2.0-compatible and free of I/O.
using System.Collections.Generic;

namespace ExecToolkit.Templates;

/// <summary>A parsed template with the shell context of each pseudo-variable, as the generator and analyzers see it.</summary>
internal sealed class TemplateAnalysis
{
    private TemplateAnalysis(IReadOnlyList<TemplateToken> tokens, IReadOnlyList<ShellContext> contexts, ShellScanResult shell)
    {
        Tokens = tokens;
        Contexts = contexts;
        Shell = shell;
    }

    /// <summary>The tokens, tiling the template.</summary>
    public IReadOnlyList<TemplateToken> Tokens { get; }

    /// <summary>One context per token; the default context for text and <c>$$</c> tokens.</summary>
    public IReadOnlyList<ShellContext> Contexts { get; }

    /// <summary>The whole scan, with any construct left open at the end.</summary>
    public ShellScanResult Shell { get; }

    /// <summary>Parses (throwing <see cref="TemplateParseException"/> as <see cref="TemplateParser.Parse"/>) and scans the shell text.</summary>
    public static TemplateAnalysis Analyze(string template) => Analyze(TemplateParser.Parse(template));

    /// <summary>Scans parsed tokens: <c>$$</c> counts as the shell's <c>$</c>, pseudo-variables as opaque values.</summary>
    public static TemplateAnalysis Analyze(IReadOnlyList<TemplateToken> tokens)
    {
        if (tokens is null)
        {
            throw new System.ArgumentNullException(nameof(tokens));
        }

        var segments = new List<ShellSegment>(tokens.Count);
        foreach (TemplateToken token in tokens)
        {
            segments.Add(token.Kind == TemplateTokenKind.PseudoVariable ? ShellSegment.Placeholder() : ShellSegment.Text(token.LiteralText));
        }

        ShellScanResult shell = ShellScanner.Analyze(segments);
        var contexts = new ShellContext[tokens.Count];
        int p = 0;
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Kind == TemplateTokenKind.PseudoVariable)
            {
                contexts[i] = shell.Contexts[p++];
            }
        }

        return new TemplateAnalysis(tokens, contexts, shell);
    }
}
