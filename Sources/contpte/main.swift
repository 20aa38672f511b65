import ContpteCLI

// In top-level code Swift 6.3 resolves `ContpteCommand.main()` to ParsableCommand's synchronous
// main(), which refuses an async root command; inside an async function the async one is chosen.
func main() async {
    await ContpteCommand.main()
}

await main()
