package dev.seatbooking.faults;

import dev.seatbooking.SeatBookingApplication;
import dev.seatbooking.inventory.SeatInventory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The service in a process of its own that dies as a crash would ({@link Runtime#halt}: no shutdown
 * hook, no graceful anything) at the point of the flow named by {@code -Dcrash.at}:
 * <ul>
 *   <li>{@code confirm-committed}: a Redis reset rebuilt the booking's hold from the database while
 *       its confirm was in flight, the database then committed CONFIRMED, and the process dies
 *       before the Redis step that follows the commit. Redis says held, the database says sold.</li>
 *   <li>{@code cancel-committed}: the database committed a cancel, and the process dies before the
 *       hold is released.</li>
 * </ul>
 * Only the flight named by {@code -Dcrash.flight} triggers it. The crash point wraps the inventory
 * client; the service's own code is unchanged.
 */
public final class CrashingService {

    public static final int EXIT_CODE = 137;

    private CrashingService() {
    }

    public static void main(String[] args) {
        var crashPoint = new CrashPoint(System.getProperty("crash.at", ""), System.getProperty("crash.flight", ""));
        new SpringApplicationBuilder(SeatBookingApplication.class)
                .initializers(context -> context.getBeanFactory().addBeanPostProcessor(crashPoint))
                .run(args);
    }

    private record CrashPoint(String crashAt, String flightId) implements BeanPostProcessor {

        private static final Set<String> CONFIRMING = ConcurrentHashMap.newKeySet();

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (!(bean instanceof SeatInventory inventory)) {
                return bean;
            }
            var proxy = new ProxyFactory(inventory);
            proxy.setProxyTargetClass(true);
            proxy.addAdvice((MethodInterceptor) call -> {
                String method = call.getMethod().getName();
                if (call.getArguments().length < 2 || !flightId.equals(call.getArguments()[0])) {
                    return call.proceed();
                }
                if (crashAt.equals("cancel-committed") && method.equals("release")) {
                    Runtime.getRuntime().halt(EXIT_CODE);
                }
                if (crashAt.equals("confirm-committed") && method.equals("confirm")) {
                    String bookingId = (String) call.getArguments()[1];
                    if (!CONFIRMING.add(bookingId)) {
                        // The second confirm call is the Redis step after the commit.
                        Runtime.getRuntime().halt(EXIT_CODE);
                    }
                    Object sold = call.proceed();
                    // Redis resets and is rebuilt from the database, which still says PENDING: a hold again.
                    inventory.forget(flightId);
                    inventory.load(flightId);
                    return sold;
                }
                return call.proceed();
            });
            return proxy.getProxy();
        }
    }
}
