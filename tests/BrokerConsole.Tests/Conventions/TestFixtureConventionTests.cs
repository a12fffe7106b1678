using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Conventions;

/// <summary>
/// One way to describe a test's app: an <see cref="AppFixture"/> recipe, shared through <see cref="SharedApp{TRecipe}"/>.
/// A subclass of <see cref="TestApp"/> would be a second way, with its own start-up and helpers nobody else finds.
/// </summary>
public sealed class TestFixtureConventionTests
{
    [Fact]
    public void No_test_app_is_a_subclass_except_the_shared_recipe_app()
    {
        var subclasses = typeof(TestApp).Assembly.GetTypes()
            .Where(t => t != typeof(TestApp) && typeof(TestApp).IsAssignableFrom(t))
            .Where(t => !(t.IsGenericType && t.GetGenericTypeDefinition() == typeof(SharedApp<>)))
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(subclasses);
    }

    [Fact]
    public void Every_recipe_builds_an_app_description()
    {
        var recipes = typeof(TestApp).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetInterfaces().Contains(typeof(IAppRecipe)))
            .ToList();

        Assert.Contains(recipes, t => t.Name == "SchedulesSandbox");
        foreach (var recipe in recipes)
        {
            var build = recipe.GetMethod(nameof(IAppRecipe.Recipe), System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static);
            Assert.NotNull(build);
            Assert.IsType<AppFixture>(build.Invoke(null, null));
        }
    }
}
