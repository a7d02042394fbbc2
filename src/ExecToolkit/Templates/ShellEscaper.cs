// Shared source: compiled into the ExecToolkit runtime and into the ExecToolkit generator and analyzers.
// Keep it netstandard2.0-compatible and free of I/O.
using System;
using System.Text;

namespace ExecToolkit.Templates;

/// <summary>A value that cannot be placed in its shell context without changing what the shell runs.</summary>
[Serializable]
public sealed class UnsafeShellValueException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public UnsafeShellValueException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public UnsafeShellValueException()
        : base("the value cannot be placed safely in this shell context")
    {
    }

    /// <summary>Creates the exception.</summary>
    public UnsafeShellValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Escapes a value for the shell context it lands in, so that <c>/bin/sh</c> reads it back as exactly that value:
/// <list type="bullet">
/// <item>bare: one single-quoted piece, <c>'</c> written <c>'\''</c> (an empty value gives <c>''</c>);</item>
/// <item>inside <c>'...'</c>: <c>'</c> written <c>'\''</c>;</item>
/// <item>inside <c>"..."</c> and in an unquoted here-document: <c>\</c> before <c>\ $ "</c> and the backtick;</item>
/// <item>inside backticks, once more for each backtick level: <c>\</c> before <c>\ $</c> and the backtick;</item>
/// <item><c>$(...)</c> needs nothing more: its content is read again from scratch;</item>
/// <item>in a comment newlines become spaces (the value is ignored there, but a newline would end the comment);</item>
/// <item>after a bare or double-quoted <c>$</c>, an empty <c>""</c> first, so <c>$</c> and value cannot form an
/// expansion; after a backslash, a backslash first, so the template's backslash escapes that one instead.</item>
/// </list>
/// Values that cannot be placed safely throw <see cref="UnsafeShellValueException"/>: a NUL anywhere, anything but an
/// integer inside <c>$((...))</c>, a newline inside a here-document (it could end it), nested backticks.
/// </summary>
public static class ShellEscaper
{
    /// <summary>Appends the escaped value.</summary>
    public static void Append(StringBuilder destination, string value, ShellContext context)
    {
        if (destination is null)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        destination.Append(Escape(value, context));
    }

    /// <summary>The escaped value.</summary>
    public static string Escape(string value, ShellContext context)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        if (value.IndexOf('\0') >= 0)
        {
            throw new UnsafeShellValueException("a shell command cannot hold a NUL character");
        }

        if (context.IsUnsupported)
        {
            throw new UnsafeShellValueException("values cannot be placed safely inside nested backticks; use $(...)");
        }

        string layers = context.Layers ?? "";
        if (context.InArithmetic && !IsInteger(value))
        {
            throw new UnsafeShellValueException("only an integer can be placed inside $((...)), got '" + value + "'");
        }

        if (context.IsHereDocument && (value.IndexOf('\n') >= 0 || value.IndexOf('\r') >= 0))
        {
            throw new UnsafeShellValueException("a value with a line break cannot be placed safely in a here-document");
        }

        string result;
        char innermost = Innermost(layers);
        if (context.IsComment)
        {
            result = value.Replace('\n', ' ');
        }
        else if (context.InArithmetic)
        {
            result = value;
        }
        else
        {
            switch (innermost)
            {
                case 'Q':
                    result = value.Replace("'", "'\\''");
                    break;
                case 'D':
                case 'H':
                    // Inside "${...}" a '}' would end the expansion: it is escaped too.
                    string special = innermost == 'D' ? "\\$\"`" : "\\$`";
                    result = BackslashEscape(value, InParameter(layers) ? special + "}" : special);
                    break;
                case 'L':
                    result = value;
                    break;
                default:
                    result = "'" + value.Replace("'", "'\\''") + "'";
                    break;
            }
        }

        if (context.FollowsDollar && innermost != 'Q' && innermost != 'L' && !context.IsComment)
        {
            if (innermost == 'H')
            {
                throw new UnsafeShellValueException("a value right after '$' in a here-document would form an expansion");
            }

            result = "\"\"" + result;
        }

        if (context.FollowsBackslash && innermost != 'Q' && innermost != 'L' && !context.IsComment)
        {
            result = "\\" + result;
        }

        // Each enclosing backtick level removes one level of backslash escapes of \ $ and the backtick.
        for (int i = layers.Length - 1; i >= 0; i--)
        {
            if (layers[i] == 'B')
            {
                result = BackslashEscape(result, "\\$`");
            }
        }

        return result;
    }

    /// <summary>The Request-URI exec_dset appends: a space, then the URI single-quoted with <c>'</c> written <c>'\''</c>.</summary>
    public static string QuoteAppendedUri(string uri)
    {
        if (uri is null)
        {
            throw new ArgumentNullException(nameof(uri));
        }

        return " '" + uri.Replace("'", "'\\''") + "'";
    }

    // The innermost construct that decides the escaping: Q, D, H, L, or '\0' for a command context.
    private static char Innermost(string layers)
    {
        for (int i = layers.Length - 1; i >= 0; i--)
        {
            switch (layers[i])
            {
                case 'Q':
                case 'D':
                case 'H':
                case 'L':
                    return layers[i];
                case 'S':
                case 'B':
                    return '\0';
            }
        }

        return '\0';
    }

    // Whether a ${...} encloses the position without a substitution in between.
    private static bool InParameter(string layers)
    {
        for (int i = layers.Length - 1; i >= 0; i--)
        {
            if (layers[i] == 'P')
            {
                return true;
            }

            if (layers[i] == 'S' || layers[i] == 'B')
            {
                return false;
            }
        }

        return false;
    }

    private static string BackslashEscape(string value, string special)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (char c in value)
        {
            if (special.IndexOf(c) >= 0)
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static bool IsInteger(string value)
    {
        int start = value.Length > 0 && value[0] == '-' ? 1 : 0;
        if (value.Length == start || value.Length - start > 18)
        {
            return false;
        }

        for (int i = start; i < value.Length; i++)
        {
            if (value[i] < '0' || value[i] > '9')
            {
                return false;
            }
        }

        return true;
    }
}
