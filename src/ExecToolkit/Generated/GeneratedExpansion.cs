using System;
using System.ComponentModel;
using System.Text;
using ExecToolkit.PseudoVariables;
using ExecToolkit.Templates;

namespace ExecToolkit.Generated;

/// <summary>
/// Helpers called by code that the ExecToolkit source generator emits for <see cref="ExecDsetAttribute"/> and its
/// siblings. They apply the same rules as <see cref="CommandTemplate.Expand"/>: a missing value prints as
/// <c>&lt;null&gt;</c>, a value is cut at its first NUL before it is escaped, and a verbatim command ends at its first NUL.
/// Not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedExpansion
{
    /// <summary>Appends the printed value as one single-quoted word (a plain bare-word context).</summary>
    /// <param name="destination">The command being built.</param>
    /// <param name="value">The accessor's value; null prints as <c>&lt;null&gt;</c>.</param>
    public static void AppendBareWord(StringBuilder destination, string? value)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Append('\'');
        AppendSingleQuotedContent(destination, CutAtNul(value ?? PseudoVariableEvaluator.NullText));
        destination.Append('\'');
    }

    /// <summary>Appends the printed value inside <c>'...'</c>: each <c>'</c> becomes <c>'\''</c>.</summary>
    /// <param name="destination">The command being built.</param>
    /// <param name="value">The accessor's value; null prints as <c>&lt;null&gt;</c>.</param>
    public static void AppendSingleQuoted(StringBuilder destination, string? value)
    {
        ArgumentNullException.ThrowIfNull(destination);
        AppendSingleQuotedContent(destination, CutAtNul(value ?? PseudoVariableEvaluator.NullText));
    }

    /// <summary>Appends the printed value inside <c>"..."</c>: a backslash before each of <c>\ $ " `</c>.</summary>
    /// <param name="destination">The command being built.</param>
    /// <param name="value">The accessor's value; null prints as <c>&lt;null&gt;</c>.</param>
    public static void AppendDoubleQuoted(StringBuilder destination, string? value)
    {
        ArgumentNullException.ThrowIfNull(destination);
        foreach (char c in CutAtNul(value ?? PseudoVariableEvaluator.NullText))
        {
            if (c is '\\' or '$' or '"' or '`')
            {
                destination.Append('\\');
            }

            destination.Append(c);
        }
    }

    /// <summary>Appends the printed value escaped by <see cref="ShellEscaper.Append"/> for any other context.</summary>
    /// <param name="destination">The command being built.</param>
    /// <param name="value">The accessor's value; null prints as <c>&lt;null&gt;</c>.</param>
    /// <param name="context">The placeholder's context.</param>
    public static void AppendEscaped(StringBuilder destination, string? value, ShellContext context)
        => ShellEscaper.Append(destination, CutAtNul(value ?? PseudoVariableEvaluator.NullText), context);

    /// <summary>Appends the printed value as it is (<see cref="ExpansionMode.Verbatim"/>).</summary>
    /// <param name="destination">The command being built.</param>
    /// <param name="value">The accessor's value; null prints as <c>&lt;null&gt;</c>.</param>
    public static void AppendVerbatim(StringBuilder destination, string? value)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Append(value ?? PseudoVariableEvaluator.NullText);
    }

    /// <summary>The finished verbatim command: it ends at its first NUL, as popen's C string does.</summary>
    /// <param name="destination">The command that was built.</param>
    /// <returns>The command.</returns>
    public static string FinishVerbatim(StringBuilder destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return CutAtNul(destination.ToString());
    }

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

    /// <summary>The parsed pseudo-variable of the token at <paramref name="tokenIndex"/>, for <see cref="PseudoVariableEvaluator.Print"/>.</summary>
    /// <param name="template">The template, already checked by the generator.</param>
    /// <param name="tokenIndex">The token's index.</param>
    /// <returns>The specification.</returns>
    public static PseudoVariableSpec Variable(string template, int tokenIndex)
        => TemplateParser.Parse(template)[tokenIndex].Variable ?? throw new ArgumentException("token " + tokenIndex + " is not a pseudo-variable", nameof(tokenIndex));

    private static string CutAtNul(string value)
    {
        int nul = value.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? value : value[..nul];
    }

    private static void AppendSingleQuotedContent(StringBuilder destination, string value)
    {
        foreach (char c in value)
        {
            if (c == '\'')
            {
                destination.Append("'\\''");
            }
            else
            {
                destination.Append(c);
            }
        }
    }
}
