const encode = encodeURIComponent;

export type InstanceListFilter = {
  /** Only this send port's instances. */
  sendPort?: string | null;
  /** `all` shows every status; without it, the list shows suspended instances, as BizTalk's query does. */
  status?: string | null;
  /** The instance to select and show in the detail pane. */
  instance?: string | null;
};

/** The runtime's console URLs, so links from the Group Hub and the test message dialog restore on reload. */
export const runtimePaths = {
  groupHub: '/group',
  suspendedInstances: (filter: InstanceListFilter = {}) => {
    const search = new URLSearchParams();
    if (filter.sendPort) search.set('sendPort', filter.sendPort);
    if (filter.status) search.set('status', filter.status);
    if (filter.instance) search.set('instance', filter.instance);
    const query = search.toString();
    return `/group/suspended-instances${query ? `?${query}` : ''}`;
  },
  eventViewer: (computer: string) => `/platform-settings/servers/${encode(computer)}/event-viewer`,
  /** The port's Properties dialog, on the page where its encryption certificate is set. */
  certificatePage: (application: string, sendPort: string) =>
    `/applications/${encode(application)}/send-ports/${encode(sendPort)}/properties/certificate`,
} as const;
