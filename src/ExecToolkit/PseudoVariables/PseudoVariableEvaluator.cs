using System;
using System.Collections.Generic;
using ExecToolkit.Templates;

namespace ExecToolkit.PseudoVariables;

/// <summary>The outcome of printing one pseudo-variable.</summary>
internal enum PrintedValueKind
{
    /// <summary>A value.</summary>
    Value,

    /// <summary>No value: Kamailio prints <c>&lt;null&gt;</c>.</summary>
    Null,

    /// <summary>A transformation failed: Kamailio prints nothing.</summary>
    Failed,
}

/// <summary>
/// Evaluates parsed pseudo-variables against a request, with Kamailio's printing rules: a missing value prints as
/// <c>&lt;null&gt;</c>, a failed transformation prints nothing.
/// </summary>
internal static class PseudoVariableEvaluator
{
    /// <summary>What Kamailio prints for a missing value.</summary>
    public const string NullText = "<null>";

    private static readonly Dictionary<string, Func<RequestContext, string?>> Simple = new(StringComparer.Ordinal)
    {
        ["ru"] = PseudoVariableAccessors.RequestUri,
        ["rU"] = PseudoVariableAccessors.RequestUriUser,
        ["rd"] = PseudoVariableAccessors.RequestUriHost,
        ["rp"] = PseudoVariableAccessors.RequestUriPort,
        ["rP"] = PseudoVariableAccessors.RequestUriTransport,
        ["rz"] = PseudoVariableAccessors.RequestUriScheme,
        ["ou"] = PseudoVariableAccessors.OriginalUri,
        ["oU"] = PseudoVariableAccessors.OriginalUriUser,
        ["od"] = PseudoVariableAccessors.OriginalUriHost,
        ["op"] = PseudoVariableAccessors.OriginalUriPort,
        ["oP"] = PseudoVariableAccessors.OriginalUriTransport,
        ["fu"] = PseudoVariableAccessors.FromUri,
        ["fU"] = PseudoVariableAccessors.FromUser,
        ["fd"] = PseudoVariableAccessors.FromHost,
        ["fn"] = PseudoVariableAccessors.FromDisplayName,
        ["ft"] = PseudoVariableAccessors.FromTag,
        ["tu"] = PseudoVariableAccessors.ToUri,
        ["tU"] = PseudoVariableAccessors.ToUser,
        ["td"] = PseudoVariableAccessors.ToHost,
        ["tn"] = PseudoVariableAccessors.ToDisplayName,
        ["tt"] = PseudoVariableAccessors.ToTag,
        ["ci"] = PseudoVariableAccessors.CallId,
        ["cs"] = PseudoVariableAccessors.CSeqNumber,
        ["csb"] = PseudoVariableAccessors.CSeqBody,
        ["ct"] = PseudoVariableAccessors.Contact,
        ["ua"] = PseudoVariableAccessors.UserAgent,
        ["cT"] = PseudoVariableAccessors.ContentType,
        ["cl"] = PseudoVariableAccessors.ContentLength,
        ["pu"] = PseudoVariableAccessors.PreferredIdentityUri,
        ["pU"] = PseudoVariableAccessors.PreferredIdentityUser,
        ["pd"] = PseudoVariableAccessors.PreferredIdentityHost,
        ["pn"] = PseudoVariableAccessors.PreferredIdentityDisplayName,
        ["di"] = PseudoVariableAccessors.DiversionUri,
        ["re"] = PseudoVariableAccessors.RemotePartyIdUri,
        ["rt"] = PseudoVariableAccessors.ReferToUri,
        ["au"] = PseudoVariableAccessors.AuthUser,
        ["ad"] = PseudoVariableAccessors.AuthDomain,
        ["aU"] = PseudoVariableAccessors.AuthUsername,
        ["ar"] = PseudoVariableAccessors.AuthRealm,
        ["rm"] = PseudoVariableAccessors.Method,
        ["rv"] = PseudoVariableAccessors.Version,
        ["mb"] = PseudoVariableAccessors.MessageBuffer,
        ["ml"] = PseudoVariableAccessors.MessageLength,
        ["rb"] = PseudoVariableAccessors.Body,
        ["bs"] = PseudoVariableAccessors.BodySize,
        ["du"] = PseudoVariableAccessors.DestinationUri,
        ["br"] = PseudoVariableAccessors.FirstBranch,
        ["bR"] = PseudoVariableAccessors.AllBranches,
        ["ds"] = PseudoVariableAccessors.DestinationSet,
        ["si"] = PseudoVariableAccessors.SourceIp,
        ["siz"] = PseudoVariableAccessors.SourceIpBracketed,
        ["sp"] = PseudoVariableAccessors.SourcePort,
        ["Ri"] = PseudoVariableAccessors.LocalIp,
        ["Rp"] = PseudoVariableAccessors.LocalPort,
        ["pr"] = PseudoVariableAccessors.Protocol,
        ["pp"] = PseudoVariableAccessors.ProcessId,
        ["rc"] = PseudoVariableAccessors.ReturnCode,
        ["?"] = PseudoVariableAccessors.ReturnCode,
        ["null"] = PseudoVariableAccessors.Null,
    };

    /// <summary>The raw value before transformations: null when missing.</summary>
    public static string? GetValue(PseudoVariableSpec spec, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(context);
        string name = spec.Info.CanonicalName;
        if (Simple.TryGetValue(name, out Func<RequestContext, string?>? getter))
        {
            return getter(context);
        }

        string inner = spec.InnerName!;
        switch (name)
        {
            case "hdr":
                return PseudoVariableAccessors.Select(PseudoVariableAccessors.HeaderValues(context, inner), spec.IndexKind, spec.Index, ",");
            case "hdrc":
                return PseudoVariableAccessors.HeaderCount(context, inner);
            case "avp":
                if (!AvpName.TryParse(inner, out AvpName avp, out string? problem))
                {
                    throw new InvalidOperationException(problem);
                }

                return PseudoVariableAccessors.Select(context.Avps.GetAll(avp), spec.IndexKind, spec.Index, ", ");
            case "var":
                return PseudoVariableAccessors.Variable(context, inner);
            case "env":
                return PseudoVariableAccessors.EnvironmentVariable(context, inner);
            case "ai":
                return PseudoVariableAccessors.AssertedIdentity(context, spec.IndexKind, spec.Index);
            default:
                throw new InvalidOperationException("no accessor for pseudo-variable '" + spec.Name + "'");
        }
    }

    /// <summary>Evaluates the pseudo-variable with its transformations.</summary>
    public static PrintedValueKind Evaluate(PseudoVariableSpec spec, RequestContext context, out string value)
    {
        string? raw = GetValue(spec, context);
        if (spec.Transformations.Count > 0)
        {
            string? transformed = Transformations.Apply(spec.Transformations, raw);
            value = transformed ?? "";
            return transformed is null ? PrintedValueKind.Failed : PrintedValueKind.Value;
        }

        value = raw ?? NullText;
        return raw is null ? PrintedValueKind.Null : PrintedValueKind.Value;
    }

    /// <summary>The text Kamailio prints for the pseudo-variable: the value, <c>&lt;null&gt;</c>, or nothing.</summary>
    public static string Print(PseudoVariableSpec spec, RequestContext context)
    {
        Evaluate(spec, context, out string value);
        return value;
    }
}
