using BrokerConsole.Core;
using BrokerConsole.Web;

// `backup <file>` / `restore <file>` run instead of the server (see DataCommands and README "Backups").
if (await DataCommands.TryRunAsync(args, Console.Out, Console.Error) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);

builder.AddBrokerConsoleCore();
builder.AddBrokerConsoleWeb();

var app = builder.Build();

await app.PrepareDatabaseAsync();
app.UseBrokerConsole();

await app.RunAsync();
return 0;

/// <summary>Entry point; partial so WebApplicationFactory can find it.</summary>
public partial class Program;
