// The time left in a file window, as the countdown shows it: whole minutes, rounded down.

/** {days, hours, minutes} from now until `until` (a Date), never negative. */
export const timeLeft = (until, now = new Date()) => {
  const minutes = Math.max(0, Math.floor((until - now) / 60000));
  return {
    days: Math.floor(minutes / 1440),
    hours: Math.floor((minutes % 1440) / 60),
    minutes: minutes % 60,
    open: until > now,
  };
};
