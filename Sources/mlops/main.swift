import MLOpsCLI
await MLOpsMain.run()
