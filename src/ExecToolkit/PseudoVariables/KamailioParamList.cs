namespace ExecToolkit.PseudoVariables;

/// <summary>
/// A re-implementation, for the transformations, of Kamailio 5.6's generic parameter-list parser
/// (<c>src/core/parser/parse_param.c</c>, <c>parse_params2()</c> and <c>parse_param2()</c>).
/// </summary>
/// <remarks>
/// A parameter is a name (up to white space, ',', '=' or the separator), then optionally '=' and a body: a quoted
/// string (between two equal quotes, '"' or '\'', with no escapes) or a token (up to white space, ',' or the
/// separator). White space may surround '=' and the separator. After a parameter comes the separator and another
/// parameter, or the end; a ',' or a '>' also ends the list early (the rest is ignored). Anything else, such as a
/// second word after white space, makes the whole list invalid, as does an empty token body or a separator with no
/// parameter after it. Kamailio keeps the parameters in reverse order, so of two with the same name the last wins.
/// </remarks>
internal static class KamailioParamList
{
    /// <summary>
    /// The body of the last parameter named <paramref name="name"/> (ASCII case-insensitive), "" when there is none
    /// or it has no body; false when <paramref name="text"/> is not a parameter list or has no parameter at all.
    /// </summary>
    public static bool TryFind(string text, int start, int length, char separator, string name, out string value)
    {
        value = "";
        bool any = false;
        bool found = false;
        int pos = start;
        int end = start + length;
        if (length <= 0)
        {
            return false;
        }

        while (true)
        {
            int result = ParseOne(text, ref pos, end, separator, out int nameStart, out int nameLength, out int bodyStart, out int bodyLength);
            if (result < 0)
            {
                return false;
            }

            any = true;
            if (nameLength == name.Length && AsciiEqualsIgnoreCase(text, nameStart, name))
            {
                value = bodyStart < 0 ? "" : text.Substring(bodyStart, bodyLength);
                found = true;
            }

            if (result == 1)
            {
                break;
            }
        }

        if (!found)
        {
            value = "";
        }

        return any;
    }

    /// <summary>One parameter: -1 on error, 0 when another must follow, 1 at the end of the list.</summary>
    private static int ParseOne(string text, ref int pos, int end, char separator, out int nameStart, out int nameLength, out int bodyStart, out int bodyLength)
    {
        bodyStart = -1;
        bodyLength = 0;
        nameStart = pos;
        while (pos < end && !IsNameEnd(text[pos], separator))
        {
            pos++;
        }

        nameLength = pos - nameStart;
        pos = SkipWhiteSpace(text, pos, end);
        if (pos == end)
        {
            return 1;
        }

        if (text[pos] == '=')
        {
            pos = SkipWhiteSpace(text, pos + 1, end);
            if (pos == end)
            {
                bodyStart = pos;
                return 1;
            }

            char first = text[pos];
            if (first is '"' or '\'')
            {
                if (end - pos < 2)
                {
                    return -1;
                }

                int close = text.IndexOf(first, pos + 1, end - pos - 1);
                if (close < 0)
                {
                    return -1;
                }

                bodyStart = pos + 1;
                bodyLength = close - bodyStart;
                pos = close + 1;
            }
            else
            {
                int tokenStart = pos;
                while (pos < end && !IsTokenEnd(text[pos], separator))
                {
                    pos++;
                }

                if (pos == tokenStart)
                {
                    return -1;
                }

                bodyStart = tokenStart;
                bodyLength = pos - tokenStart;
            }

            pos = SkipWhiteSpace(text, pos, end);
            if (pos == end)
            {
                return 1;
            }
        }

        char next = text[pos];
        if (next is ',' or '>')
        {
            return 1;
        }

        if (next != separator)
        {
            return -1;
        }

        pos = SkipWhiteSpace(text, pos + 1, end);
        return pos == end ? -1 : 0;
    }

    private static bool IsNameEnd(char c, char separator) => c is ' ' or '\t' or '\r' or '\n' or ',' or '=' || c == separator;

    private static bool IsTokenEnd(char c, char separator) => c is ' ' or '\t' or '\r' or '\n' or ',' || c == separator;

    internal static int SkipWhiteSpace(string text, int pos, int end)
    {
        while (pos < end && text[pos] is ' ' or '\t' or '\r' or '\n')
        {
            pos++;
        }

        return pos;
    }

    internal static bool AsciiEqualsIgnoreCase(string text, int start, string other)
    {
        for (int i = 0; i < other.Length; i++)
        {
            char a = text[start + i];
            char b = other[i];
            if (a != b && ToLowerAscii(a) != ToLowerAscii(b))
            {
                return false;
            }
        }

        return true;
    }

    private static char ToLowerAscii(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
}
