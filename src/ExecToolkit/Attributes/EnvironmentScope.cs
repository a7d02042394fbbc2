namespace ExecToolkit;

/// <summary>Which <c>SIP_*</c> variables a generated handler's command gets (with <c>SetVars</c> on).</summary>
public enum EnvironmentScope
{
    /// <summary>All of them, as Kamailio exports them (the policy in force still drops and redacts).</summary>
    All,

    /// <summary>
    /// Only those the template's shell text names (<c>$$SIP_USER</c>, <c>$${SIP_HF_FROM}</c>), found at build time: less
    /// request data in the child's environment and less work per call. A script that reads other <c>SIP_*</c> variables
    /// itself does not get them.
    /// </summary>
    Referenced,
}
