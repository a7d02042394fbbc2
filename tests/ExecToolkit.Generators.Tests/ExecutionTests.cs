using System;
using System.Collections.Generic;
using ExecToolkit.Generators.Tests.Samples;

namespace ExecToolkit.Generators.Tests;

/// <summary>Methods implemented by the real generator expand exactly as the runtime's CommandTemplate does.</summary>
public class ExecutionTests
{
    public static readonly (string Name, string Template, ExpansionMode Mode, Func<RequestContext, string> Generated)[] Cases =
    {
        ("Lookup", Routing.Lookup, ExpansionMode.ShellSafe, Routing.LookupAsyncCommand),
        ("Billing", Routing.Billing, ExpansionMode.ShellSafe, Routing.BillingAsyncCommand),
        ("Notify", Routing.Notify, ExpansionMode.ShellSafe, Routing.NotifyAsyncCommand),
        ("NotifyVerbatim", Routing.Notify, ExpansionMode.Verbatim, Routing.NotifyVerbatimAsyncCommand),
        ("Mixed", Routing.Mixed, ExpansionMode.ShellSafe, Routing.MixedCommandForTest),
        ("MixedVerbatim", Routing.Mixed, ExpansionMode.Verbatim, Routing.MixedVerbatimCommandForTest),
        ("HereDocument", Routing.HereDocument, ExpansionMode.ShellSafe, Routing.HereDocumentAsyncCommand),
        ("HereDocumentVerbatim", Routing.HereDocument, ExpansionMode.Verbatim, Routing.HereDocumentVerbatimAsyncCommand),
        ("Substitution", Routing.Substitution, ExpansionMode.ShellSafe, Routing.SubstitutionAsyncCommand),
        ("SubstitutionVerbatim", Routing.Substitution, ExpansionMode.Verbatim, Routing.SubstitutionVerbatimAsyncCommand),
        ("Tabs", Routing.Tabs, ExpansionMode.ShellSafe, Routing.TabsAsyncCommand),
        ("Constant", "true", ExpansionMode.ShellSafe, Routing.ConstantAsyncCommand),
        ("ConstantDollar", Routing.ConstantDollar, ExpansionMode.ShellSafe, Routing.ConstantDollarAsyncCommand),
        ("ConstantDollarVerbatim", Routing.ConstantDollar, ExpansionMode.Verbatim, Routing.ConstantDollarVerbatimAsyncCommand),
        ("Nested", "lookup.sh $rU $(hdr(X-Account){s.substr,1,3})", ExpansionMode.ShellSafe, Outer<string>.Inner<int>.LookupAsyncCommand),
    };

    private static readonly HashSet<string> DsetCases = new(StringComparer.Ordinal) { "Lookup", "Tabs", "Nested" };

    public static IEnumerable<object[]> Data()
    {
        foreach (object[] request in TestData.RequestNames)
        {
            foreach (var c in Cases)
            {
                yield return new object[] { request[0], c.Name };
            }
        }
    }

    [Theory]
    [MemberData(nameof(Data))]
    public void GeneratedExpansionEqualsRuntimeExpansion(string request, string name)
    {
        var c = Array.Find(Cases, x => x.Name == name);
        RequestContext context = TestData.Context(request);
        context.Vars["v"] = "it's \"$x\" `y` \\ z";
        context.Avps.Add(ExecToolkit.Templates.AvpName.FromString("plan"), "gold'; rm -rf /");
        // exec_dset runs the expansion with the R-URI appended in quotes, and <Method>Command returns what runs.
        string appended = DsetCases.Contains(name) && context.CurrentUri.Length > 0 ? ExecToolkit.Templates.ShellEscaper.QuoteAppendedUri(context.CurrentUri) : "";
        string expected = Outcome(() => CommandTemplate.Parse(c.Template).Expand(context, c.Mode) + appended);
        string actual = Outcome(() => c.Generated(context));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void CorpusIsPresent() => Assert.True(TestData.Requests.Count >= 10);

    [Fact]
    public void NullRequestThrows() => Assert.Throws<ArgumentNullException>(() => Routing.LookupAsyncCommand(null!));

    internal static string Outcome(Func<string> expand)
    {
        try
        {
            return "ok:" + expand();
        }
        catch (ArgumentException e)
        {
            return "throws:" + e.GetType().Name;
        }
    }
}
