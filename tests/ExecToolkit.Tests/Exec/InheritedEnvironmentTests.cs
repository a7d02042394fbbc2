using System;
using System.Linq;
using System.Threading.Tasks;
using ExecToolkit.Tests.Templates;

namespace ExecToolkit.Tests.Exec;

/// <summary>
/// The server's environment as commands inherit it: read when the executor is created, laid out once, and read again
/// only on <see cref="SipExec.RefreshEnvironment"/>; the same for commands started with and without the shell.
/// </summary>
public class InheritedEnvironmentTests
{
    private static RequestContext Request() => ShellSafePropertyTests.MinimalRequest();

    private static async Task<string[]> Printed(SipExec exec, params string[] names)
    {
        // printf with arguments only: a simple command, so WhenNeeded starts printf without the shell.
        string command = "printf '%s\\n' " + string.Join(' ', names.Select(n => "\"$$" + n + "\""));
        AvpResult result = await exec.ExecAvpAsync(Request(), command);
        Assert.Equal(1, result.ReturnCode);
        return [.. result.Assignments.Select(a => a.Value)];
    }

    [Theory]
    [InlineData(ShellUse.Always)]
    [InlineData(ShellUse.WhenNeeded)]
    public async Task A_command_sees_the_environment_of_the_executor_creation_until_it_is_refreshed(ShellUse shellUse)
    {
        string name = "ET_INHERIT_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "first");
        try
        {
            using var exec = new SipExec(new ExecOptions { ShellUse = shellUse });
            Assert.Equal(["first"], await Printed(exec, name));

            Environment.SetEnvironmentVariable(name, "second");
            Assert.Equal(["first"], await Printed(exec, name));

            exec.RefreshEnvironment();
            Assert.Equal(["second"], await Printed(exec, name));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Theory]
    [InlineData(ShellUse.Always)]
    [InlineData(ShellUse.WhenNeeded)]
    public async Task Every_inherited_entry_reaches_the_command_byte_for_byte_beside_the_SIP_variables(ShellUse shellUse)
    {
        // Many entries of many lengths (an empty value, multibyte UTF-8, 20 KB) laid out end to end: each one whole.
        var random = new Random(17);
        string prefix = "ET_MANY_" + Guid.NewGuid().ToString("N")[..8] + "_";
        string[] values = [.. Enumerable.Range(0, 40).Select(i => i switch
        {
            0 => "",
            1 => "é€𝄞 mixed",
            2 => new string('x', 20_000),
            _ => new string(Enumerable.Range(0, random.Next(1, 300)).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray()),
        })];
        for (int i = 0; i < values.Length; i++)
        {
            Environment.SetEnvironmentVariable(prefix + i, values[i]);
        }

        try
        {
            using var exec = new SipExec(new ExecOptions { ShellUse = shellUse });

            // exec_avp keeps non-empty lines only (the empty value is checked by its neighbours staying in place) and,
            // as Kamailio, cuts a longer line every 1,023 bytes.
            string[] printed = await Printed(exec, [.. Enumerable.Range(0, values.Length).Select(i => prefix + i), "SIP_HF_CALLID"]);
            string[] expected = [.. values.Where(v => v.Length > 0).SelectMany(v => v.Length > 1023 ? v.Chunk(1023).Select(c => new string(c)) : [v]), Request().Request.CallId!];
            Assert.Equal(expected, printed);
        }
        finally
        {
            for (int i = 0; i < values.Length; i++)
            {
                Environment.SetEnvironmentVariable(prefix + i, null);
            }
        }
    }
}
