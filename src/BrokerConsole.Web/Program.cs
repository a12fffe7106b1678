using BrokerConsole.Core;
using BrokerConsole.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddBrokerConsoleCore();
builder.AddBrokerConsoleWeb();

var app = builder.Build();

await app.PrepareDatabaseAsync();
app.UseBrokerConsole();

await app.RunAsync();

/// <summary>Entry point; partial so WebApplicationFactory can find it.</summary>
public partial class Program;
