using System.Threading;
using System.Threading.Tasks;

namespace ExecToolkit.Generators.Tests.Samples;

// Compiled by the real generator (the test project references it as an analyzer).
public static partial class Routing
{
    public const string Lookup = "lookup.sh '$rU' $hdr(X-Account)";
    public const string Billing = "billing.sh '$fU'";
    public const string Notify = "notify.sh \"$ct\" $fu >/tmp/$(ci).log # $ua";
    public const string Mixed = "X=`echo $rU \"$tU\"` $$HOME $(ru{s.len}) $(hdr(Via)[*]) $(hdr(Via)[-1]) '$(fu{uri.param,tag})' $${Y:-$rd} \"$${Z#$fd}\"";
    public const string HereDocument = "cat <<EOF\nuser=$fU agent=$ua\nEOF\necho $$? $(rm)";
    public const string Substitution = "echo $$(printf '%s' $rU \"$cs\") \\$ci \"$$PATH$ci\" $avp(s:plan) $var(v) $env(HOME)";
    public const string Tabs = "a\tb $si:$sp/$pr \"$rb\" '$mb'";

    [ExecDset(Lookup, TimeToKillSeconds = 2)]
    public static partial ValueTask<DsetResult> LookupAsync(SipExec exec, RequestContext request, CancellationToken cancellationToken = default);

    [ExecAvp(Billing, "$avp(s:plan),$avp(s:credit)")]
    public static partial ValueTask<AvpResult> BillingAsync(SipExec exec, RequestContext request);

    [ExecMsg(Notify, SetVars = false, MaxOutputBytes = 1000, MaxOutputLines = 3)]
    internal static partial ValueTask<ExecResult> NotifyAsync(RequestContext request, SipExec exec);

    [ExecMsg(Notify, Mode = ExpansionMode.Verbatim)]
    internal static partial ValueTask<ExecResult> NotifyVerbatimAsync(RequestContext request, SipExec exec);

    // The generator takes the parameters in any order; the token first is the point of this sample.
#pragma warning disable CA1068
    [ExecCmd(Mixed)]
    private static partial ValueTask<ExecResult> MixedAsync(CancellationToken token, SipExec exec, RequestContext request);
#pragma warning restore CA1068

    [ExecCmd(Mixed, Mode = ExpansionMode.Verbatim)]
    private static partial ValueTask<ExecResult> MixedVerbatimAsync(SipExec exec, RequestContext request);

    [ExecCmd(HereDocument)]
    public static partial ValueTask<ExecResult> HereDocumentAsync(SipExec exec, RequestContext request);

    [ExecCmd(HereDocument, Mode = ExpansionMode.Verbatim)]
    public static partial ValueTask<ExecResult> HereDocumentVerbatimAsync(SipExec exec, RequestContext request);

    [ExecCmd(Substitution)]
    public static partial ValueTask<ExecResult> SubstitutionAsync(SipExec exec, RequestContext request);

    [ExecCmd(Substitution, Mode = ExpansionMode.Verbatim)]
    public static partial ValueTask<ExecResult> SubstitutionVerbatimAsync(SipExec exec, RequestContext request);

    [ExecDset(Tabs)]
    public static partial ValueTask<DsetResult> TabsAsync(SipExec exec, RequestContext request);

    public const string ConstantDollar = "echo $$HOME 'a\"b' \\ x\0y";

    [ExecCmd(ConstantDollar)]
    public static partial ValueTask<ExecResult> ConstantDollarAsync(SipExec exec, RequestContext? request);

    [ExecCmd(ConstantDollar, Mode = ExpansionMode.Verbatim)]
    public static partial ValueTask<ExecResult> ConstantDollarVerbatimAsync(SipExec exec);

    [ExecCmd("true")]
    public static partial ValueTask<ExecResult> ConstantAsync(SipExec exec);

    public const string Scoped = "printf '%s\\n' \"$$SIP_USER\" \"$${SIP_HF_CALLID:-none}\" $ci; env | grep -c '^SIP_'";

    [ExecAvp(Scoped, EnvironmentScope = EnvironmentScope.Referenced)]
    public static partial ValueTask<AvpResult> ScopedAsync(SipExec exec, RequestContext request);

    [ExecAvp(Scoped, EnvironmentScope = EnvironmentScope.Referenced, RedactHeaders = new[] { "Call-ID" }, DropHeaders = new[] { "Via" })]
    public static partial ValueTask<AvpResult> ScopedRedactedAsync(SipExec exec, RequestContext request);

    // Private methods are reachable through these for the tests.
    public static string MixedCommandForTest(RequestContext r) => MixedAsyncCommand(r);

    public static string MixedVerbatimCommandForTest(RequestContext r) => MixedVerbatimAsyncCommand(r);
}

/// <summary>Instance methods in a nested generic type.</summary>
public partial class Outer<T>
    where T : class
{
    public partial class Inner<TInner>
    {
        [ExecDset("lookup.sh $rU $(hdr(X-Account){s.substr,1,3})")]
        public partial ValueTask<DsetResult> LookupAsync(SipExec exec, RequestContext request, CancellationToken cancellationToken);
    }
}
