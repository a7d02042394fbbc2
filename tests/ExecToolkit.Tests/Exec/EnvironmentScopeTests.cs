using System;
using System.Linq;
using System.Text;
using ExecToolkit.Templates;

namespace ExecToolkit.Tests.Exec;

/// <summary>Exporting only some SIP_* variables: the runtime policy and the names a template references.</summary>
public class EnvironmentScopeTests
{
    private static RequestContext Request() => RequestContext.Parse(Encoding.ASCII.GetBytes(
        "INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-s\r\nFrom: <sip:a@b>;tag=f\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: scope\r\nCSeq: 2 INVITE\r\nX-Account: acme\r\nAuthorization: Digest secret\r\nContent-Length: 0\r\n\r\n"));

    [Fact]
    public void Only_the_named_variables_are_built_in_block_order()
    {
        var policy = EnvironmentPolicy.Kamailio.OnlyVariables("SIP_HF_X_ACCOUNT", "SIP_USER", "SIP_HF_CALLID", "SIP_HF_NOT_THERE");
        var all = SipEnvironment.Build(Request());
        var some = SipEnvironment.Build(Request(), policy);
        Assert.Equal(all.Where(v => v.Name is "SIP_HF_X_ACCOUNT" or "SIP_USER" or "SIP_HF_CALLID").Select(v => v.ToString()), some.Select(v => v.ToString()));
        Assert.False(policy.IsKamailio);
    }

    [Fact]
    public void Dropping_and_redacting_still_apply_and_a_second_list_narrows()
    {
        var policy = EnvironmentPolicy.Kamailio.Redact("Authorization").OnlyVariables("SIP_HF_AUTHORIZATION", "SIP_HF_CALLID").Drop("Call-ID");
        Assert.Equal(["SIP_HF_AUTHORIZATION=" + EnvironmentPolicy.RedactedValue], SipEnvironment.Build(Request(), policy).Select(v => v.ToString()));
        Assert.Empty(SipEnvironment.Build(Request(), policy.OnlyVariables("SIP_USER")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(17)]
    [InlineData(1000)]
    public void A_size_limit_leaves_out_exactly_the_longer_values_as_the_command_gets_them(int limit)
    {
        // Measured after redaction ("[redacted]" is 10 bytes), for headers and the other SIP_* variables alike.
        var policy = EnvironmentPolicy.RedactCredentials.LeaveOutValuesOver(limit);
        var all = SipEnvironment.Build(Request(), EnvironmentPolicy.RedactCredentials);
        var kept = SipEnvironment.Build(Request(), policy);
        Assert.Equal(all.Where(v => v.Value.Length <= limit).Select(v => v.ToString()), kept.Select(v => v.ToString()));
        Assert.Equal(limit < 1000, kept.Count < all.Count);
        Assert.Equal(limit, policy.MaxValueBytes);
        Assert.False(policy.IsKamailio);
    }

    [Fact]
    public void The_lower_of_two_size_limits_holds_and_a_negative_one_is_refused()
    {
        Assert.Equal(7, EnvironmentPolicy.Kamailio.LeaveOutValuesOver(7).LeaveOutValuesOver(30).MaxValueBytes);
        Assert.Equal(7, EnvironmentPolicy.Kamailio.LeaveOutValuesOver(30).Drop("X").LeaveOutValuesOver(7).MaxValueBytes);
        Assert.Null(EnvironmentPolicy.Kamailio.MaxValueBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => EnvironmentPolicy.Kamailio.LeaveOutValuesOver(-1));
        Assert.Equal("MaxEnvironmentValueBytes", Assert.Throws<ArgumentException>(() => new ExecOptions { MaxEnvironmentValueBytes = -1 }.Validate()).ParamName);
    }

    [Theory]
    [InlineData("HOME")]
    [InlineData("SIP_USER=x")]
    [InlineData("sip_user")]
    [InlineData("")]
    public void Names_that_are_not_SIP_variables_are_refused(string name)
        => Assert.Throws<ArgumentException>(() => EnvironmentPolicy.Kamailio.OnlyVariables(name));

    [Theory]
    [InlineData("echo $$SIP_USER", "SIP_USER")]
    [InlineData("echo \"$${SIP_HF_FROM:-x}\" $$SIP_RURI$$SIP_USER $$SIP_USER", "SIP_HF_FROM,SIP_RURI,SIP_USER")]
    [InlineData("echo $$HOME $$SIPX $$SIP", "")]
    [InlineData("echo $$SIP_$rU $rU", "SIP_")] // the shell reads $SIP_ there, then the value
    [InlineData("echo '$$SIP_TID' $$$$SIP_DID", "SIP_TID,SIP_DID")]
    public void A_template_references_the_SIP_variables_its_shell_text_names(string template, string expected)
        => Assert.Equal(expected, string.Join(",", EnvironmentReferences.Find(CommandTemplate.Parse(template).Tokens)));
}
