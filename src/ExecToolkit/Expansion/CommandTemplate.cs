using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using ExecToolkit.PseudoVariables;
using ExecToolkit.Templates;

namespace ExecToolkit;

/// <summary>
/// A parsed, immutable command template (Kamailio's <c>exec_*</c> argument): text, <c>$$</c> and pseudo-variables,
/// with the shell quoting context of every pseudo-variable. Parse once, expand for each request.
/// </summary>
public sealed class CommandTemplate
{
    private const int CacheLimit = 1024;
    private static readonly ConcurrentDictionary<string, CommandTemplate> Cache = new(StringComparer.Ordinal);

    private readonly TemplateToken[] tokens;
    private readonly ShellContext[] contexts; // one per token; default for text tokens
    private Func<RequestContext, string>? generated;
    private Func<RequestContext, Func<string, string?>, string[]>? generatedArguments;
    private ExpansionMode generatedMode;

    private CommandTemplate(string text, TemplateToken[] tokens, ShellContext[] contexts)
    {
        Text = text;
        this.tokens = tokens;
        this.contexts = contexts;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>The tokens, tiling the template.</summary>
    internal IReadOnlyList<TemplateToken> Tokens => tokens;

    /// <summary>Whether the template has pseudo-variables (Kamailio treats one without <c>$</c> as a constant).</summary>
    public bool HasVariables { get; private set; }

    private SimpleCommand? simpleCommand;
    private string? simpleReason;

    /// <summary>The template as one simple command in ShellSafe mode (analysed once), or null with the reason it needs a shell.</summary>
    internal SimpleCommand? SimpleCommandOf(out string? reason)
    {
        if (simpleCommand is null && simpleReason is null)
        {
            simpleCommand = SimpleCommand.Analyze(tokens, verbatim: false, out simpleReason);
        }

        reason = simpleReason;
        return simpleCommand;
    }

    /// <summary>Parses a template. Throws <see cref="TemplateParseException"/> where Kamailio would refuse to start.</summary>
    public static CommandTemplate Parse(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        TemplateAnalysis analysis = TemplateAnalysis.Analyze(template);
        TemplateToken[] tokens = [.. analysis.Tokens];
        ShellContext[] contexts = [.. analysis.Contexts];
        bool hasVariables = false;
        for (int i = 0; i < tokens.Length; i++)
        {
            if (tokens[i].Kind != TemplateTokenKind.PseudoVariable)
            {
                continue;
            }

            hasVariables = true;
            if (contexts[i].IsHereDocumentDelimiter || contexts[i].IsParameterName)
            {
                // No value can be placed there safely whatever it is: a template error, not a request error.
                throw new TemplateParseException("pseudo-variable in a " + (contexts[i].IsParameterName ? "${...} parameter name" : "here-document delimiter") + ", where no value can be placed safely", tokens[i].Start, tokens[i].Length);
            }
        }

        return new CommandTemplate(template, tokens, contexts) { HasVariables = hasVariables };
    }

    /// <summary>
    /// For code the ExecToolkit source generator emits: the template, whose expansion in <paramref name="mode"/> is the
    /// generator's straight-line <paramref name="expand"/> instead of the interpreter (which still serves other modes
    /// and the redacted command for logs). Not meant to be called directly.
    /// </summary>
    /// <param name="template">The template as written (checked by the generator at build time).</param>
    /// <param name="mode">The mode <paramref name="expand"/> was generated for.</param>
    /// <param name="expand">The generated expansion.</param>
    /// <returns>The template.</returns>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static CommandTemplate FromGenerated(string template, ExpansionMode mode, Func<RequestContext, string> expand)
    {
        ArgumentNullException.ThrowIfNull(expand);
        CommandTemplate parsed = Parse(template);
        parsed.generated = expand;
        parsed.generatedMode = mode;
        return parsed;
    }

    /// <summary>
    /// For code the ExecToolkit source generator emits: as <see cref="FromGenerated(string, ExpansionMode, Func{RequestContext, string})"/>,
    /// for a template the generator proved to be one simple command, with the straight-line code that builds its argument
    /// vector for a call made without the shell (<see cref="ShellUse.WhenNeeded"/>). Not meant to be called directly.
    /// </summary>
    /// <param name="template">The template as written (checked by the generator at build time).</param>
    /// <param name="mode">The mode <paramref name="expand"/> was generated for.</param>
    /// <param name="expand">The generated expansion.</param>
    /// <param name="arguments">The generated argument vector: the request, and the command's environment by name (null when unset).</param>
    /// <returns>The template.</returns>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static CommandTemplate FromGenerated(string template, ExpansionMode mode, Func<RequestContext, string> expand, Func<RequestContext, Func<string, string?>, string[]> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        CommandTemplate parsed = FromGenerated(template, mode, expand);
        // Both sides run the same analysis (shared source); a template the runtime does not find simple, or an expansion
        // generated for Verbatim mode (never shell-free), keeps the interpreter.
        if (mode == ExpansionMode.ShellSafe && parsed.SimpleCommandOf(out _) is not null)
        {
            parsed.generatedArguments = arguments;
        }

        return parsed;
    }

    /// <summary>The generated argument vector of a simple-command template in ShellSafe mode, or null where the interpreter builds it.</summary>
    internal Func<RequestContext, Func<string, string?>, string[]>? GeneratedArguments => generatedArguments;

    /// <summary>Whether <see cref="Expand"/> runs generated code (in <see cref="GeneratedMode"/>) rather than the interpreter.</summary>
    public bool IsGenerated => generated is not null;

    /// <summary>The mode the generated expansion serves, when <see cref="IsGenerated"/>.</summary>
    public ExpansionMode GeneratedMode => generatedMode;

    /// <summary>Parses through a bounded cache shared by the process, so a template used for every request is parsed once.</summary>
    public static CommandTemplate GetOrParse(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (Cache.TryGetValue(template, out CommandTemplate? cached))
        {
            return cached;
        }

        CommandTemplate parsed = Parse(template);
        if (Cache.Count < CacheLimit)
        {
            Cache.TryAdd(template, parsed);
        }

        return parsed;
    }

    /// <summary>The shell context of the pseudo-variable token at <paramref name="tokenIndex"/>.</summary>
    internal ShellContext GetShellContext(int tokenIndex)
    {
        if (tokens[tokenIndex].Kind != TemplateTokenKind.PseudoVariable)
        {
            throw new ArgumentException("token " + tokenIndex + " is not a pseudo-variable", nameof(tokenIndex));
        }

        return contexts[tokenIndex];
    }

    /// <summary>
    /// Expands the template for a request: the string handed to <c>/bin/sh -c</c>. In <see cref="ExpansionMode.ShellSafe"/>
    /// mode a value that cannot be placed safely (anything but a decimal integer without a leading zero inside <c>$((...))</c>, a line break in a
    /// here-document) throws <see cref="UnsafeShellValueException"/>.
    /// </summary>
    public string Expand(RequestContext context, ExpansionMode mode = ExpansionMode.ShellSafe)
    {
        if (generated is not null && mode == generatedMode)
        {
            ArgumentNullException.ThrowIfNull(context);
            return generated(context);
        }

        return ExpandCore(context, mode, null);
    }

    /// <summary>The command as it may be logged: values of headers the policy redacts are replaced by <see cref="EnvironmentPolicy.RedactedValue"/>.</summary>
    internal string ExpandForLog(RequestContext context, ExpansionMode mode, EnvironmentPolicy policy)
    {
        if (policy.Redacted.IsEmpty)
        {
            return ExpandCore(context, mode, null);
        }

        bool credentials = policy.IsRedacted("Authorization") || policy.IsRedacted("Proxy-Authorization");
        return ExpandCore(context, mode, spec => spec.Info.CanonicalName switch
        {
            "hdr" => spec.InnerName == "*" || policy.IsRedacted(Sip.HeaderNames.CanonicalName(Sip.HeaderNames.Classify(spec.InnerName!)) ?? spec.InnerName!),
            "au" or "ad" or "aU" or "ar" => credentials,
            "mb" => true,
            _ => false,
        });
    }

    // A template without pseudo-variables expands to the same text for every request: joined once.
    private string? constantText;

    /// <summary>The template's literal text joined (<c>$$</c> as <c>$</c>): the whole expansion of a template without pseudo-variables.</summary>
    internal string LiteralText => constantText ??= string.Concat(tokens.Select(static t => t.LiteralText));

    private string ExpandCore(RequestContext context, ExpansionMode mode, Func<PseudoVariableSpec, bool>? redact)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HasVariables)
        {
            return mode == ExpansionMode.Verbatim ? TruncatedAtNul(LiteralText) : LiteralText;
        }

        var sb = new StringBuilder(Text.Length + 64);
        for (int i = 0; i < tokens.Length; i++)
        {
            TemplateToken token = tokens[i];
            if (token.Kind != TemplateTokenKind.PseudoVariable)
            {
                sb.Append(token.LiteralText);
                continue;
            }

            string value = redact is not null && redact(token.Variable!) ? EnvironmentPolicy.RedactedValue : PseudoVariableEvaluator.Print(token.Variable!, context);
            if (mode == ExpansionMode.Verbatim)
            {
                sb.Append(value);
            }
            else
            {
                // A value holding a NUL is refused there (Kamailio cuts the whole command instead).
                ShellEscaper.Append(sb, value, contexts[i]);
            }
        }

        string command = sb.ToString();
        return mode == ExpansionMode.Verbatim ? TruncatedAtNul(command) : command;
    }

    // popen() takes a C string: Kamailio's command ends at the first NUL.
    private static string TruncatedAtNul(string command)
    {
        int nul = command.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? command : command[..nul];
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
