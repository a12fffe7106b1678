using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Baskets;
using BrokerConsole.Core.Errors;
using BrokerConsole.Core.Sessions;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BrokerConsole.Web.Components.Baskets;

/// <summary>Saved baskets, the basket editor, the preview and the one confirm; the run is followed live on the run page.</summary>
public sealed partial class BasketsPage
{
    private IReadOnlyList<AccountSummary> _accounts = [];
    private IReadOnlyDictionary<Guid, AccountSessionView> _sessions = new Dictionary<Guid, AccountSessionView>();
    private IReadOnlyList<BasketView>? _baskets;
    private readonly Dictionary<Guid, TargetRow> _targets = [];
    private List<BasketLegRow> _legs = [];
    private string _name = "";
    private BasketQuantityRule _rule;
    private Guid? _basketId;
    private bool _editing;
    private bool _busy;
    private string? _error;
    private BasketPreview? _preview;

    /// <summary>One chosen account: its multiplier and its row of the quantity table.</summary>
    private sealed class TargetRow
    {
        private readonly List<int> _quantities = [];

        public decimal Multiplier { get; set; } = 1m;

        public int Quantity(int leg) => leg < _quantities.Count ? _quantities[leg] : 1;

        public void SetQuantity(int leg, int quantity)
        {
            while (_quantities.Count <= leg)
            {
                _quantities.Add(1);
            }

            _quantities[leg] = quantity;
        }

        public BasketTarget ToTarget(Guid accountId, int legs) => new()
        {
            AccountId = accountId,
            Multiplier = Multiplier,
            Quantities = Enumerable.Range(0, legs).Select(Quantity).ToList(),
        };
    }

    /// <summary>A saved basket to open in the editor at once (the run history links here with <c>?basket=id</c>).</summary>
    [SupplyParameterFromQuery(Name = "basket")]
    public Guid? OpenBasket { get; set; }

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        if (_baskets?.FirstOrDefault(b => b.Id == OpenBasket) is { } basket)
        {
            Edit(basket);
        }
    }

    private async Task LoadAsync()
    {
        _accounts = await AccountService.ListAsync(Aborted);
        _sessions = await SessionService.GetViewsAsync(Aborted);
        _baskets = await BasketService.ListAsync(Aborted);
    }

    private bool IsLive(Guid accountId) => _sessions.TryGetValue(accountId, out var view) && view.State == SessionState.Active;

    private static Dictionary<string, object?> Test(string id) => new() { ["data-testid"] = id };

    private static Color CheckColor(BasketCheckState state) => state switch
    {
        BasketCheckState.Passed => Color.Success,
        BasketCheckState.Failed => Color.Error,
        _ => Color.Default,
    };

    private static string RuleWords(BasketQuantityRule rule) => rule switch
    {
        BasketQuantityRule.Multiplier => "multiplier per account",
        BasketQuantityRule.PerAccount => "quantity table per account",
        _ => "same quantity",
    };

    private void New()
    {
        _basketId = null;
        _name = "";
        _rule = BasketQuantityRule.Same;
        _legs = [new BasketLegRow()];
        _targets.Clear();
        // Default to the live accounts: the ones a confirm can place on.
        foreach (var account in _accounts.Where(a => IsLive(a.Id)))
        {
            _targets[account.Id] = new TargetRow();
        }

        _preview = null;
        _editing = true;
    }

    private void Edit(BasketView basket)
    {
        _basketId = basket.Id;
        _name = basket.Name;
        _rule = basket.QuantityRule;
        _legs = basket.Legs.Select(BasketLegRow.From).ToList();
        _targets.Clear();
        foreach (var target in basket.Targets)
        {
            var row = new TargetRow { Multiplier = target.Multiplier };
            for (var i = 0; i < target.Quantities.Count; i++)
            {
                row.SetQuantity(i, target.Quantities[i]);
            }

            _targets[target.AccountId] = row;
        }

        _preview = null;
        _editing = true;
    }

    private void Toggle(Guid accountId, bool on)
    {
        if (on)
        {
            _targets[accountId] = new TargetRow();
        }
        else
        {
            _targets.Remove(accountId);
        }

        _preview = null;
    }

    private BasketDraft Draft() => new()
    {
        Name = _name,
        Legs = _legs.Select(l => l.ToTicket()).ToList(),
        // In the page's account order, so the preview lists accounts as the picker does.
        Targets = _accounts.Where(a => _targets.ContainsKey(a.Id)).Select(a => _targets[a.Id].ToTarget(a.Id, _legs.Count)).ToList(),
        QuantityRule = _rule,
        // Opened on a saved basket: its runs are linked to it in the run history.
        SavedBasketId = _basketId,
    };

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        _error = null;
        try
        {
            await action();
        }
        catch (BrokerConsoleException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private Task PreviewAsync() => RunAsync(async () => _preview = await BasketService.PreviewAsync(Draft(), Aborted));

    private Task SaveAsync() => RunAsync(async () =>
    {
        var saved = _basketId is { } id ? await BasketService.UpdateAsync(id, Draft(), Aborted) : await BasketService.CreateAsync(Draft(), Aborted);
        _basketId = saved.Id;
        _baskets = await BasketService.ListAsync(Aborted);
        Snackbar.Add($"Basket '{saved.Name}' saved.", Severity.Success);
    });

    // Confirm places exactly the preview on screen: its fingerprint is checked again, and a change sends nothing.
    private Task ConfirmAsync() => RunAsync(async () =>
    {
        if (_preview is null)
        {
            return;
        }

        var started = await BasketService.PlaceAsync(Draft(), _preview.Fingerprint, idempotencyKey: null, CancellationToken.None);
        Navigation.NavigateTo($"schedules/runs/{started.RunId}");
    });

    private Task DeleteAsync(BasketView basket) => RunAsync(async () =>
    {
        await BasketService.DeleteAsync(basket.Id, Aborted);
        _baskets = await BasketService.ListAsync(Aborted);
    });
}
