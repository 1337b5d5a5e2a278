/** Commands by id, each with what VS Code hands it; registered (and logged) by register.ts. */
export type CommandHandlers = Record<string, (...args: never[]) => Promise<unknown>>;

/** Every command the image filesystem handles, so they are registered before the code behind them loads. */
export const IMAGEFS_COMMANDS = [
  'registryExplorer.compareWith', 'registryExplorer.openImageFilesystem', 'registryExplorer.openLayerFile', 'registryExplorer.browseLayer',
  'registryExplorer.clearLayerCache', 'registryExplorer.openImageChange', 'registryExplorer.findInImage', 'registryExplorer.saveImageFile',
] as const;
