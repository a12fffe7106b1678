using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>
/// Kite's instruments dump (<c>GET /instruments</c>, a CSV with a header, read by column name; reference §1). Kite's
/// tradingsymbol is the exchange's, so it is also the console's name. INDICES rows are left out: their tokens are
/// Kite's own index codes, shared with no other broker (§5).
/// </summary>
internal sealed class KiteInstrumentMaster(IServiceProvider services, ZerodhaOptions options) : IInstrumentMasterSource
{
    public Uri Location => new(MasterDownload.Folder(options.SandboxApiRoot ?? options.ApiRoot), "instruments");

    public async Task<IReadOnlyList<MasterRow>> LoadAsync(CancellationToken cancellationToken)
    {
        // Kite documents the dump with its version and a session header like every API call: sent whenever some user's
        // Zerodha account of this environment has a live session. Without one the request goes bare, as Kite does not say
        // it refuses that (reference instrument-masters §7.3); if it does, the refresh says a login is needed.
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["X-Kite-Version"] = "3" };
        if (await LiveSessionHeaderAsync(cancellationToken) is { } authorization)
        {
            headers["Authorization"] = authorization;
        }

        var text = await MasterDownload.TextAsync(services, Location, headers,
            headers.ContainsKey("Authorization") ? null : "Kite wants a session for its instruments dump: log in a Zerodha account, then reload the masters.",
            cancellationToken);
        return Parse(text);
    }

    /// <summary><c>token api_key:access_token</c> of the newest live Zerodha session of the environment the dump is read from.</summary>
    private async Task<string?> LiveSessionHeaderAsync(CancellationToken cancellationToken)
    {
        var environment = options.SandboxApiRoot is null ? AccountEnvironment.Live : AccountEnvironment.Sandbox;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var db = await services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync(cancellationToken);
        var candidates = await (from session in db.BrokerSessions.AsNoTracking()
                                join account in db.BrokerAccounts.AsNoTracking() on session.AccountId equals account.Id
                                where session.Broker == BrokerKind.Zerodha && session.Status == SessionStatus.Active && session.AccessTokenCiphertext != null
                                    && account.Environment == environment && account.ApiKey != null
                                select new { session.AccountId, session.AccessTokenCiphertext, session.ExpiresAt, session.LoginTime, account.ApiKey })
            .ToListAsync(cancellationToken);
        var protector = services.GetRequiredService<ISecretProtector>();
        foreach (var candidate in candidates.Where(c => c.ExpiresAt > now).OrderByDescending(c => c.LoginTime))
        {
            try
            {
                return $"token {candidate.ApiKey}:{protector.Unprotect(candidate.AccountId, SecretKind.SessionToken, candidate.AccessTokenCiphertext!)}";
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                // A token the key ring can no longer read (keys replaced): try the next session.
            }
        }

        return null;
    }

    internal static List<MasterRow> Parse(string text)
    {
        var lines = CsvFields.Lines(text).GetEnumerator();
        if (!lines.MoveNext())
        {
            throw new InstrumentMasterException("Kite's instruments dump is empty.");
        }

        var header = CsvFields.Split(lines.Current);
        int Col(string name) => header.IndexOf(name) is >= 0 and var i ? i : throw new InstrumentMasterException($"Kite's instruments dump has no '{name}' column.");
        var (token, exToken, symbol, name, expiry, strike, tick, lot, type, segment, exchange) = (Col("instrument_token"), Col("exchange_token"),
            Col("tradingsymbol"), Col("name"), Col("expiry"), Col("strike"), Col("tick_size"), Col("lot_size"), Col("instrument_type"), Col("segment"), Col("exchange"));
        var rows = new List<MasterRow>();
        while (lines.MoveNext())
        {
            var f = CsvFields.Split(lines.Current);
            if (f.Count < header.Count || f[segment] == "INDICES")
            {
                continue;
            }

            InstrumentKind? kind = f[type] switch
            {
                "EQ" => InstrumentKind.Equity,
                "FUT" => InstrumentKind.Future,
                "CE" => InstrumentKind.Call,
                "PE" => InstrumentKind.Put,
                _ => null,
            };
            if (kind is not { } k)
            {
                continue;
            }

            rows.Add(new MasterRow(f[exchange], f[exToken], f[symbol], f[exchange], f[symbol], f[token], f[symbol], f[name],
                k == InstrumentKind.Equity ? f[symbol] : f[name], null, k, ExchangeSymbols.Date(f[expiry], "yyyy-MM-dd"),
                ExchangeSymbols.Dec(f[strike]), ExchangeSymbols.WholeNumber(f[lot]), ExchangeSymbols.Dec(f[tick])));
        }

        return rows;
    }
}
