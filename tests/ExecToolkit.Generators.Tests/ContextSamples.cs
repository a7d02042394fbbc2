using System;
using System.Threading.Tasks;

namespace ExecToolkit.Generators.Tests.Samples;

/// <summary>One [ExecCmd] per quoting context, compiled by the real generator, for <see cref="DifferentialTests"/>.</summary>
public static partial class ContextSamples
{
    public const string Bare = "echo $var(v) $hdr(X-V)";
    public const string Single = "echo '$var(v)' 'x$hdr(X-V)y'";
    public const string Double = "echo \"$var(v)\" \"x$hdr(X-V)y\"";
    public const string CommandWord = "$var(v) arg";
    public const string Redirection = "echo x >$var(v) 2>>$hdr(X-V)";
    public const string Comment = "echo x # $var(v) $hdr(X-V)\necho y";
    public const string Backticks = "echo `echo $var(v) '$hdr(X-V)'`";
    public const string BackticksInDouble = "echo \"`echo $var(v) \\\"$hdr(X-V)\\\"`\"";
    public const string Substitution = "echo $$(echo $var(v) \"$hdr(X-V)\" '$var(v)')";
    public const string ParameterWord = "echo $${X:-$var(v)} \"$${X:-$hdr(X-V)}\"";
    public const string Pattern = "echo \"$${X#$var(v)}\" $${X%%$hdr(X-V)}";
    public const string Arithmetic = "echo $$(( $var(v) + 1 ))";
    public const string HereDocument = "cat <<EOF\n$var(v) $hdr(X-V)\nEOF\necho done";
    public const string QuotedHereDocument = "cat <<'EOF'\n$var(v) $hdr(X-V)\nEOF\n";
    public const string TabHereDocument = "cat <<-EOF\n\t$var(v)\n\tEOF\n";
    public const string Backslash = "echo \\$var(v) \"a\\$hdr(X-V)\"";
    public const string AdjoinsParameter = "echo $$X$var(v) \"$$Y$hdr(X-V)\"";
    public const string MidWord = "echo a$var(v)b 'c$hdr(X-V)d' \"e$var(v)f\"";
    public const string Transformations = "echo $(var(v){s.len}) '$(hdr(X-V){s.substr,1,3})' $(hdr(X-V)[*])";
    public const string Nested = "echo \"$$(echo `echo $var(v)` \"$hdr(X-V)\")\"";

    public static readonly (string Name, string Template, ExpansionMode Mode, Func<RequestContext, string> Generated)[] All =
    {
        (nameof(Bare), Bare, ExpansionMode.ShellSafe, BareAsyncCommand),
        ("BareVerbatim", Bare, ExpansionMode.Verbatim, BareVerbatimAsyncCommand),
        (nameof(Single), Single, ExpansionMode.ShellSafe, SingleAsyncCommand),
        (nameof(Double), Double, ExpansionMode.ShellSafe, DoubleAsyncCommand),
        ("DoubleVerbatim", Double, ExpansionMode.Verbatim, DoubleVerbatimAsyncCommand),
        (nameof(CommandWord), CommandWord, ExpansionMode.ShellSafe, CommandWordAsyncCommand),
        (nameof(Redirection), Redirection, ExpansionMode.ShellSafe, RedirectionAsyncCommand),
        (nameof(Comment), Comment, ExpansionMode.ShellSafe, CommentAsyncCommand),
        (nameof(Backticks), Backticks, ExpansionMode.ShellSafe, BackticksAsyncCommand),
        (nameof(BackticksInDouble), BackticksInDouble, ExpansionMode.ShellSafe, BackticksInDoubleAsyncCommand),
        (nameof(Substitution), Substitution, ExpansionMode.ShellSafe, SubstitutionAsyncCommand),
        (nameof(ParameterWord), ParameterWord, ExpansionMode.ShellSafe, ParameterWordAsyncCommand),
        (nameof(Pattern), Pattern, ExpansionMode.ShellSafe, PatternAsyncCommand),
        (nameof(Arithmetic), Arithmetic, ExpansionMode.ShellSafe, ArithmeticAsyncCommand),
        (nameof(HereDocument), HereDocument, ExpansionMode.ShellSafe, HereDocumentAsyncCommand),
        (nameof(QuotedHereDocument), QuotedHereDocument, ExpansionMode.ShellSafe, QuotedHereDocumentAsyncCommand),
        (nameof(TabHereDocument), TabHereDocument, ExpansionMode.ShellSafe, TabHereDocumentAsyncCommand),
        (nameof(Backslash), Backslash, ExpansionMode.ShellSafe, BackslashAsyncCommand),
        (nameof(AdjoinsParameter), AdjoinsParameter, ExpansionMode.ShellSafe, AdjoinsParameterAsyncCommand),
        (nameof(MidWord), MidWord, ExpansionMode.ShellSafe, MidWordAsyncCommand),
        (nameof(Transformations), Transformations, ExpansionMode.ShellSafe, TransformationsAsyncCommand),
        (nameof(Nested), Nested, ExpansionMode.ShellSafe, NestedAsyncCommand),
    };

    [ExecCmd(Bare)] public static partial ValueTask<ExecResult> BareAsync(SipExec exec, RequestContext request);
    [ExecCmd(Bare, Mode = ExpansionMode.Verbatim)] public static partial ValueTask<ExecResult> BareVerbatimAsync(SipExec exec, RequestContext request);
    [ExecCmd(Single)] public static partial ValueTask<ExecResult> SingleAsync(SipExec exec, RequestContext request);
    [ExecCmd(Double)] public static partial ValueTask<ExecResult> DoubleAsync(SipExec exec, RequestContext request);
    [ExecCmd(Double, Mode = ExpansionMode.Verbatim)] public static partial ValueTask<ExecResult> DoubleVerbatimAsync(SipExec exec, RequestContext request);
    [ExecCmd(CommandWord)] public static partial ValueTask<ExecResult> CommandWordAsync(SipExec exec, RequestContext request);
    [ExecCmd(Redirection)] public static partial ValueTask<ExecResult> RedirectionAsync(SipExec exec, RequestContext request);
    [ExecCmd(Comment)] public static partial ValueTask<ExecResult> CommentAsync(SipExec exec, RequestContext request);
    [ExecCmd(Backticks)] public static partial ValueTask<ExecResult> BackticksAsync(SipExec exec, RequestContext request);
    [ExecCmd(BackticksInDouble)] public static partial ValueTask<ExecResult> BackticksInDoubleAsync(SipExec exec, RequestContext request);
    [ExecCmd(Substitution)] public static partial ValueTask<ExecResult> SubstitutionAsync(SipExec exec, RequestContext request);
    [ExecCmd(ParameterWord)] public static partial ValueTask<ExecResult> ParameterWordAsync(SipExec exec, RequestContext request);
    [ExecCmd(Pattern)] public static partial ValueTask<ExecResult> PatternAsync(SipExec exec, RequestContext request);
    [ExecCmd(Arithmetic)] public static partial ValueTask<ExecResult> ArithmeticAsync(SipExec exec, RequestContext request);
    [ExecCmd(HereDocument)] public static partial ValueTask<ExecResult> HereDocumentAsync(SipExec exec, RequestContext request);
    [ExecCmd(QuotedHereDocument)] public static partial ValueTask<ExecResult> QuotedHereDocumentAsync(SipExec exec, RequestContext request);
    [ExecCmd(TabHereDocument)] public static partial ValueTask<ExecResult> TabHereDocumentAsync(SipExec exec, RequestContext request);
    [ExecCmd(Backslash)] public static partial ValueTask<ExecResult> BackslashAsync(SipExec exec, RequestContext request);
    [ExecCmd(AdjoinsParameter)] public static partial ValueTask<ExecResult> AdjoinsParameterAsync(SipExec exec, RequestContext request);
    [ExecCmd(MidWord)] public static partial ValueTask<ExecResult> MidWordAsync(SipExec exec, RequestContext request);
    [ExecCmd(Transformations)] public static partial ValueTask<ExecResult> TransformationsAsync(SipExec exec, RequestContext request);
    [ExecCmd(Nested)] public static partial ValueTask<ExecResult> NestedAsync(SipExec exec, RequestContext request);
}
