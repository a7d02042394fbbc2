// Shared source: compiled into the ExecToolkit runtime and into the ExecToolkit generator and analyzers.
// Keep it netstandard2.0-compatible and free of I/O.
using System.Collections.Generic;
using System.Globalization;

namespace ExecToolkit.Templates;

/// <summary>
/// Kamailio's format-string syntax (<c>pv_parse_format</c>): text runs, <c>$$</c>, <c>$name</c>, <c>$name(inner)</c> and
/// <c>$(name(inner)[index]{tr}...)</c>. Names are made of <c>[A-Za-z0-9_.?]</c> and looked up case-sensitively.
/// </summary>
internal static class TemplateParser
{
    /// <summary>Parses a template into tokens; adjacent text is one token. Throws <see cref="TemplateParseException"/>.</summary>
    public static IReadOnlyList<TemplateToken> Parse(string template)
    {
        if (template is null)
        {
            throw new System.ArgumentNullException(nameof(template));
        }

        var tokens = new List<TemplateToken>();
        int i = 0;
        int textStart = 0;
        while (i < template.Length)
        {
            int dollar = template.IndexOf('$', i);
            if (dollar < 0)
            {
                break;
            }

            if (dollar > textStart)
            {
                tokens.Add(new TemplateToken(TemplateTokenKind.Text, textStart, template.Substring(textStart, dollar - textStart), null));
            }

            TemplateToken token = ParseDollar(template, dollar);
            tokens.Add(token);
            i = dollar + token.Length;
            textStart = i;
        }

        if (textStart < template.Length)
        {
            tokens.Add(new TemplateToken(TemplateTokenKind.Text, textStart, template.Substring(textStart), null));
        }

        return tokens;
    }

    /// <summary>Parses without throwing; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string template, out IReadOnlyList<TemplateToken> tokens, out TemplateParseException? error)
    {
        try
        {
            tokens = Parse(template);
            error = null;
            return true;
        }
        catch (TemplateParseException e)
        {
            tokens = System.Array.Empty<TemplateToken>();
            error = e;
            return false;
        }
    }

    /// <summary>True for the characters Kamailio allows in a pseudo-variable name.</summary>
    public static bool IsNameChar(char c)
        => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '?';

    /// <summary>Parses the single <c>$</c> token that starts at <paramref name="start"/>.</summary>
    internal static TemplateToken ParseDollar(string s, int start)
    {
        if (start + 1 >= s.Length)
        {
            throw new TemplateParseException("'$' at the end of the template (write $$ for a literal $)", start, 1);
        }

        char next = s[start + 1];
        if (next == '$')
        {
            return new TemplateToken(TemplateTokenKind.Dollar, start, "$$", null);
        }

        if (next == '(')
        {
            int close = FindClose(s, start + 1, '(', ')');
            if (close < 0)
            {
                throw new TemplateParseException("non-closing name parenthesis", start, s.Length - start);
            }

            string source = s.Substring(start, close - start + 1);
            if (close == start + 3 && s[start + 2] == '$')
            {
                return new TemplateToken(TemplateTokenKind.Dollar, start, source, null);
            }

            PseudoVariableSpec spec = ParseLongForm(s, start, start + 2, close);
            return new TemplateToken(TemplateTokenKind.PseudoVariable, start, source, spec);
        }

        int nameStart = start + 1;
        int p = nameStart;
        while (p < s.Length && IsNameChar(s[p]))
        {
            p++;
        }

        if (p == nameStart)
        {
            throw new TemplateParseException("expected a pseudo-variable name after '$', found '" + next + "' (write $$ for a literal $)", start, 2);
        }

        string name = s.Substring(nameStart, p - nameStart);
        PseudoVariableInfo info = Lookup(name, start, p - start);
        string? inner = null;
        if (p < s.Length && s[p] == '(')
        {
            int close = FindClose(s, p, '(', ')');
            if (close < 0)
            {
                throw new TemplateParseException("non-closing inner-name parenthesis", start, s.Length - start);
            }

            inner = s.Substring(p + 1, close - p - 1);
            p = close + 1;
        }

        CheckInnerName(info, inner, start, p - start);
        var variable = new PseudoVariableSpec(info, inner, PseudoVariableIndexKind.None, 0, System.Array.Empty<TransformationSpec>(), longForm: false);
        return new TemplateToken(TemplateTokenKind.PseudoVariable, start, s.Substring(start, p - start), variable);
    }

    // body: the text between "$(" and the matching ")", as [from, to).
    private static PseudoVariableSpec ParseLongForm(string s, int tokenStart, int from, int to)
    {
        int tokenLength = to - tokenStart + 1;
        int p = from;
        while (p < to && IsNameChar(s[p]))
        {
            p++;
        }

        if (p == from)
        {
            throw new TemplateParseException("expected a pseudo-variable name after '$('", tokenStart, tokenLength);
        }

        string name = s.Substring(from, p - from);
        PseudoVariableInfo info = Lookup(name, tokenStart, p - tokenStart);

        string? inner = null;
        if (p < to && s[p] == '(')
        {
            int close = FindClose(s, p, '(', ')');
            if (close < 0 || close >= to)
            {
                throw new TemplateParseException("non-closing inner-name parenthesis", p, to - p);
            }

            inner = s.Substring(p + 1, close - p - 1);
            p = close + 1;
        }

        CheckInnerName(info, inner, tokenStart, tokenLength);

        PseudoVariableIndexKind indexKind = PseudoVariableIndexKind.None;
        int index = 0;
        if (p < to && s[p] == '[')
        {
            int close = FindClose(s, p, '[', ']');
            if (close < 0 || close >= to)
            {
                throw new TemplateParseException("non-closing index bracket", p, to - p);
            }

            if (!info.Indexable)
            {
                throw new TemplateParseException("pseudo-variable '" + info.Name + "' does not take an index", p, close - p + 1);
            }

            string text = s.Substring(p + 1, close - p - 1);
            if (text == "*")
            {
                indexKind = PseudoVariableIndexKind.All;
            }
            else if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out index) && text.Trim() == text && text.Length > 0 && text[0] != '+')
            {
                indexKind = PseudoVariableIndexKind.Number;
            }
            else if (text.Length == 0)
            {
                throw new TemplateParseException("empty index", p, close - p + 1);
            }
            else
            {
                throw new TemplateParseException("unsupported index '" + text + "' (use a number, a negative number or *)", p, close - p + 1);
            }

            p = close + 1;
        }

        var transformations = new List<TransformationSpec>();
        while (p < to)
        {
            while (p < to && (s[p] == ' ' || s[p] == '\t'))
            {
                p++;
            }

            if (p >= to)
            {
                break;
            }

            if (s[p] != '{')
            {
                throw new TemplateParseException("unexpected '" + s[p] + "' in pseudo-variable '" + info.Name + "'", p, 1);
            }

            int close = FindClose(s, p, '{', '}');
            if (close < 0 || close >= to)
            {
                throw new TemplateParseException("non-closing transformation brace", p, to - p);
            }

            transformations.Add(ParseTransformation(s, p, close));
            p = close + 1;
        }

        return new PseudoVariableSpec(info, inner, indexKind, index, transformations, longForm: true);
    }

    private static TransformationSpec ParseTransformation(string s, int open, int close)
    {
        string body = s.Substring(open + 1, close - open - 1);
        string[] parts = body.Split(',');
        string name = parts[0];
        int length = close - open + 1;
        if (!PseudoVariableCatalog.TryGetTransformation(name, out TransformationInfo info))
        {
            throw new TemplateParseException("unknown transformation '" + name + "'", open, length);
        }

        var parameters = new List<string>();
        if (name == "s.select" && parts.Length == 4 && parts[2].Length == 0 && parts[3].Length == 0)
        {
            // Kamailio reads the one character after the index's comma as the separator, so {s.select,0,,} splits on ','.
            parameters.Add(parts[1]);
            parameters.Add(",");
        }
        else
        {
            for (int k = 1; k < parts.Length; k++)
            {
                parameters.Add(parts[k]);
            }
        }

        if (parameters.Count < info.MinParameters || parameters.Count > info.MaxParameters)
        {
            string expected = info.MinParameters == info.MaxParameters
                ? info.MinParameters.ToString(CultureInfo.InvariantCulture)
                : info.MinParameters.ToString(CultureInfo.InvariantCulture) + " to " + info.MaxParameters.ToString(CultureInfo.InvariantCulture);
            throw new TemplateParseException("transformation '" + name + "' takes " + expected + " parameter(s), got " + parameters.Count.ToString(CultureInfo.InvariantCulture), open, length);
        }

        foreach (string parameter in parameters)
        {
            if (parameter.IndexOf('$') >= 0)
            {
                throw new TemplateParseException("pseudo-variables as transformation parameters are not supported ('" + parameter + "')", open, length);
            }
        }

        switch (name)
        {
            case "s.substr":
                RequireInteger(parameters[0], open, length, name);
                RequireInteger(parameters[1], open, length, name);
                if (parameters[1].StartsWith("-", System.StringComparison.Ordinal))
                {
                    // Kamailio refuses a negative length at start-up ("substr negative offset"); 0 means to the end.
                    throw new TemplateParseException("transformation 's.substr' needs a length of 0 or more, got '" + parameters[1] + "'", open, length);
                }

                break;
            case "s.select":
                RequireInteger(parameters[0], open, length, name);
                RequireSingleChar(parameters[1], open, length, name);
                break;
            case "param.value":
                // An empty name is accepted, as by Kamailio (it matches no parameter). The separator is one character
                // other than ',' ({param.value,a,,} is refused at start-up: "invalid separator").
                if (parameters.Count == 2)
                {
                    RequireSingleChar(parameters[1], open, length, name);
                }

                break;
        }

        return new TransformationSpec(info, parameters, open, length);
    }

    private static void RequireInteger(string text, int start, int length, string name)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new TemplateParseException("transformation '" + name + "' needs an integer, got '" + text + "'", start, length);
        }
    }

    private static void RequireSingleChar(string text, int start, int length, string name)
    {
        if (text.Length != 1)
        {
            throw new TemplateParseException("transformation '" + name + "' needs a single separator character, got '" + text + "'", start, length);
        }
    }

    private static PseudoVariableInfo Lookup(string name, int start, int length)
    {
        if (!PseudoVariableCatalog.TryGet(name, out PseudoVariableInfo info))
        {
            throw new TemplateParseException("unknown pseudo-variable '" + name + "'", start, length);
        }

        return info;
    }

    private static void CheckInnerName(PseudoVariableInfo info, string? inner, int start, int length)
    {
        if (inner is null)
        {
            if (info.InnerName == InnerNameUse.Required)
            {
                throw new TemplateParseException("pseudo-variable '" + info.Name + "' expects an inner name, as in $" + info.Name + "(name)", start, length);
            }

            return;
        }

        if (info.InnerName == InnerNameUse.None)
        {
            throw new TemplateParseException("pseudo-variable '" + info.Name + "' does not take an inner name", start, length);
        }

        if (inner.Length == 0)
        {
            throw new TemplateParseException("empty inner name for pseudo-variable '" + info.Name + "'", start, length);
        }

        if (inner.IndexOf('$') >= 0)
        {
            throw new TemplateParseException("dynamic inner names ('" + inner + "') are not supported", start, length);
        }

        if (info.CanonicalName is "hdr" or "hdrc" && inner != "*" && !IsHeaderName(inner))
        {
            // Kamailio parses the name as a header line's name at start-up and refuses what a message could not hold.
            throw new TemplateParseException("'" + inner + "' is not a header name (letters, digits and - . _ + ~)", start, length);
        }

        if (info.CanonicalName == "avp" && !AvpName.TryParse(inner, out _, out string? problem))
        {
            throw new TemplateParseException(problem!, start, length);
        }
    }

    // The part before a ':' is what Kamailio's header-name parser reads; it refuses the name when that part is not one.
    private static bool IsHeaderName(string inner)
    {
        int colon = inner.IndexOf(':');
        string name = colon < 0 ? inner : inner.Substring(0, colon);
        if (name.Length == 0)
        {
            return false;
        }

        foreach (char c in name)
        {
            // The bytes Kamailio 5.6 takes in a header name (the same set as Sip.HeaderNames.IsNameByte).
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c is '-' or '.' or '_' or '+' or '~'))
            {
                return false;
            }
        }

        return true;
    }

    // Index of the bracket that closes the one at 'open', counting only this bracket pair; -1 if none.
    private static int FindClose(string s, int open, char opening, char closing)
    {
        int depth = 0;
        for (int k = open; k < s.Length; k++)
        {
            if (s[k] == opening)
            {
                depth++;
            }
            else if (s[k] == closing)
            {
                depth--;
                if (depth == 0)
                {
                    return k;
                }
            }
        }

        return -1;
    }
}
