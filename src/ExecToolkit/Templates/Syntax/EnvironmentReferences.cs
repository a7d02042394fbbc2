using System;
using System.Collections.Generic;
using System.Text;

namespace ExecToolkit.Templates;

/// <summary>
/// The <c>SIP_*</c> environment variables a template's own shell text names: <c>$$SIP_USER</c>, <c>$${SIP_HF_FROM}</c>,
/// <c>$${SIP_RURI:-none}</c>. What a script the command runs reads from its environment is not visible here: a template
/// that exports only these (<c>EnvironmentScope.Referenced</c>) must name everything its scripts need.
/// </summary>
internal static class EnvironmentReferences
{
    /// <summary>The names, in order of first appearance, each once.</summary>
    /// <param name="tokens">A parsed template's tokens.</param>
    /// <returns>The <c>SIP_*</c> names the shell text references.</returns>
    public static IReadOnlyList<string> Find(IReadOnlyList<TemplateToken> tokens)
    {
        if (tokens is null)
        {
            throw new ArgumentNullException(nameof(tokens));
        }

        // The shell text with each pseudo-variable as a character no name holds: "$$SIP_$rU" names no variable.
        var text = new StringBuilder();
        foreach (TemplateToken token in tokens)
        {
            text.Append(token.Kind == TemplateTokenKind.PseudoVariable ? '\u0001' : token.LiteralText);
        }

        string shell = text.ToString();
        var names = new List<string>();
        for (int i = 0; i < shell.Length; i++)
        {
            if (shell[i] != '$')
            {
                continue;
            }

            int start = i + 1 < shell.Length && shell[i + 1] == '{' ? i + 2 : i + 1;
            int end = start;
            while (end < shell.Length && IsNameChar(shell[end]))
            {
                end++;
            }

            string name = shell.Substring(start, end - start);
            if (name.StartsWith("SIP_", StringComparison.Ordinal) && !names.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static bool IsNameChar(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
