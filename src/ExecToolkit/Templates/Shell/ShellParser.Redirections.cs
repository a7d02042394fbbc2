using System.Text;

namespace ExecToolkit.Templates;

/// <summary>Redirection operators; after <c>&lt;&lt;</c> the here-document delimiter (<c>ShellParser.HereDocuments.cs</c>).</summary>
internal sealed partial class ShellParser
{
    /// <summary>Reads a redirection operator; the next word is its target, or after <c>&lt;&lt;</c> a here-document delimiter.</summary>
    private void Redirection(ShellFrame frame, ShellLayers layers)
    {
        // Digits right before the operator name a file descriptor and are not a word.
        if (frame.InWord && frame.Plain && frame.Word.Length > 0 && !frame.WordIsRedirection && IsAllDigits(frame.Word))
        {
            frame.InWord = false;
        }
        else
        {
            EndWord(frame);
        }

        int c = Current;
        int next = At(_pos + 1);
        _pos++;
        frame.LastWasOpenParen = false;
        if (c == '<' && next == '<')
        {
            _pos++;
            bool strip = false;
            if (Current == '-')
            {
                strip = true;
                _pos++;
            }

            ReadHereDelimiter(frame, layers, strip);
            return;
        }

        if ((c == '<' && (next == '>' || next == '&')) || (c == '>' && (next == '>' || next == '|' || next == '&')))
        {
            _pos++;
        }

        frame.RedirectionPending = true;
    }

    private static bool IsAllDigits(StringBuilder word)
    {
        for (int i = 0; i < word.Length; i++)
        {
            if (word[i] < '0' || word[i] > '9')
            {
                return false;
            }
        }

        return true;
    }
}
