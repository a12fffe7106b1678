namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// A measurement rather than a pass/fail rule (figures to the test output and artifacts/): skipped in the test command,
/// run on purpose with <c>BROKERCONSOLE_MEASURE=1 dotnet test --filter ClassName</c>. Its figure would move with whatever
/// else runs on the machine, so it must not run beside the rest of the suite.
/// </summary>
public sealed class MeasurementFactAttribute : FactAttribute
{
    public const string Variable = "BROKERCONSOLE_MEASURE";

    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"Measurement: run alone with {Variable}=1 and --filter on its class";
        }
    }
}
